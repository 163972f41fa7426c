//! Submitting code and reading one's own submissions.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use contract::auth::Role;
use contract::submission::{fetch_submission, SubmissionRow, SUBMISSION_COLUMNS};
use contract::Submission;
use serde::Deserialize;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::code::SubmittedCode;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentUser};
use crate::limits::Bucket;
use crate::state::AppState;
use crate::submit::{submit, Created};

#[derive(Deserialize)]
pub(crate) struct SubmitBody {
    code: String,
}

/// `POST /api/assignments/{id}/submissions`: 202 when queued, 201 when a verdict was reused.
/// Every attempt counts against the learner's submission limit.
pub(crate) async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(assignment_id): ApiPath<i64>,
    ApiJson(body): ApiJson<SubmitBody>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    state
        .limiter
        .hit(Bucket::Submissions, &user.id.to_string())
        .await?;
    let code = SubmittedCode::parse(body.code)?;
    let (status, submission) = match submit(&state, user.id, assignment_id, code).await? {
        Created::Reused(submission) => (StatusCode::CREATED, submission),
        Created::Queued(submission) => (StatusCode::ACCEPTED, submission),
    };
    Ok((status, Json(json!({ "submission": submission }))))
}

/// `GET /api/submissions/{id}`: a learner's own only. Another learner's is 404, not 403,
/// so that its existence does not leak. Admins see every submission.
#[tracing::instrument(skip_all, fields(submission_id = %id))]
pub(crate) async fn get(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Value>, ApiError> {
    let submission = fetch_submission(&state.db, id)
        .await?
        .filter(|submission| submission.user_id == user.id || user.role == Role::Admin)
        .ok_or_else(|| ApiError::not_found("submission"))?;
    Ok(Json(json!({ "submission": submission })))
}

/// The raw query of `GET /api/me/submissions`. Values are parsed by hand so that an
/// empty one (`?assignment_id=`) means "not given" and a bad one names itself.
#[derive(Deserialize)]
pub(crate) struct ListQuery {
    assignment_id: Option<String>,
    page: Option<String>,
    per_page: Option<String>,
}

/// A validated page request.
#[derive(Debug, PartialEq, Eq)]
struct ListParams {
    assignment_id: Option<i64>,
    page: i64,
    per_page: i64,
}

impl ListParams {
    const DEFAULT_PER_PAGE: i64 = 20;
    const MAX_PER_PAGE: i64 = 100;

    fn parse(query: ListQuery) -> Result<ListParams, ApiError> {
        let page = parse_param("page", query.page)?.unwrap_or(1);
        let per_page = parse_param("per_page", query.per_page)?.unwrap_or(Self::DEFAULT_PER_PAGE);
        if page < 1 {
            return Err(ApiError::InvalidQuery("page must be at least 1".into()));
        }
        if !(1..=Self::MAX_PER_PAGE).contains(&per_page) {
            return Err(ApiError::InvalidQuery(format!(
                "per_page must be between 1 and {}",
                Self::MAX_PER_PAGE
            )));
        }
        // Keeps OFFSET from overflowing; nobody has this many submissions.
        if page > 1_000_000 {
            return Err(ApiError::InvalidQuery("page is too large".into()));
        }
        Ok(ListParams {
            assignment_id: parse_param("assignment_id", query.assignment_id)?,
            page,
            per_page,
        })
    }
}

/// An integer as the OpenAPI document states it (digits, an optional minus), or nothing.
/// Rust's parser would also take a leading `+`, which the document does not allow.
fn parse_param(name: &str, raw: Option<String>) -> Result<Option<i64>, ApiError> {
    match raw.as_deref() {
        None | Some("") => Ok(None),
        Some(value) => value
            .parse()
            .ok()
            .filter(|_| !value.starts_with('+'))
            .map(Some)
            .ok_or_else(|| {
                ApiError::InvalidQuery(format!("{name} must be an integer, not {value:?}"))
            }),
    }
}

/// `GET /api/me/submissions`: the learner's submissions, newest first, one page at a time.
#[tracing::instrument(skip_all, fields(user_id = %user.id))]
pub(crate) async fn list_mine(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    let params = ListParams::parse(query)?;
    let filter = "user_id = $1 AND ($2::bigint IS NULL OR assignment_id = $2)";
    let total: i64 =
        sqlx::query_scalar(&format!("SELECT count(*) FROM submissions WHERE {filter}"))
            .bind(user.id)
            .bind(params.assignment_id)
            .fetch_one(&state.db)
            .await?;
    let sql = format!(
        "SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE {filter} \
         ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4"
    );
    let rows: Vec<SubmissionRow> = sqlx::query_as(&sql)
        .bind(user.id)
        .bind(params.assignment_id)
        .bind(params.per_page)
        .bind((params.page - 1) * params.per_page)
        .fetch_all(&state.db)
        .await?;
    let submissions: Vec<Submission> = rows.into_iter().map(Submission::from).collect();
    Ok(Json(json!({
        "submissions": submissions,
        "page": params.page,
        "per_page": params.per_page,
        "total": total,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(assignment_id: Option<&str>, page: Option<&str>, per_page: Option<&str>) -> ListQuery {
        ListQuery {
            assignment_id: assignment_id.map(str::to_owned),
            page: page.map(str::to_owned),
            per_page: per_page.map(str::to_owned),
        }
    }

    #[test]
    fn defaults_and_empty_values() {
        let params = ListParams::parse(query(Some(""), None, None)).unwrap();
        assert_eq!(
            params,
            ListParams {
                assignment_id: None,
                page: 1,
                per_page: 20
            }
        );
        let params = ListParams::parse(query(Some("3"), Some("2"), Some("100"))).unwrap();
        assert_eq!(
            params,
            ListParams {
                assignment_id: Some(3),
                page: 2,
                per_page: 100
            }
        );
    }

    #[test]
    fn rejects_out_of_range_and_non_numeric_values() {
        for bad in [
            query(None, Some("0"), None),
            query(None, None, Some("0")),
            query(None, None, Some("101")),
            query(None, Some("x"), None),
            query(Some("one"), None, None),
            query(Some(" 3"), None, None),
            query(None, Some("+2"), None),
        ] {
            assert!(matches!(
                ListParams::parse(bad),
                Err(ApiError::InvalidQuery(_))
            ));
        }
    }
}
