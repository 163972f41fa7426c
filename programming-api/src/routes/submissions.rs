//! Submitting code and reading one's own submissions.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use contract::auth::Role;
use contract::submission::{fetch_submission, SubmissionRow, View};
use contract::{Status, Submission, TestResult, Verdict};
use serde::Deserialize;
use uuid::Uuid;
use wire::submission::{SubmissionEnvelope, SubmissionPage, SubmitRequest};
use wire::ErrorBody;

use crate::cache;
use crate::code::SubmittedCode;
use crate::error::ApiError;
use crate::extract::{ApiJson, ApiPath, ApiQuery, CurrentUser};
use crate::limits::Bucket;
use crate::state::AppState;
use crate::stats;
use crate::submit::{submit, Created};

/// `POST /api/assignments/{id}/submissions`: 202 when queued, 201 when a verdict was reused.
/// Every attempt counts against the learner's submission limit.
#[utoipa::path(post, path = "/api/assignments/{id}/submissions", operation_id = "submit", summary = "Submit code for grading",
    params(("id" = i64, Path, description = "The assignment's id")),
    request_body = SubmitRequest,
    responses(
        (status = 201, body = SubmissionEnvelope, description = "An identical earlier verdict was reused: final at once"),
        (status = 202, body = SubmissionEnvelope, description = "Queued for grading"),
        (status = 400, body = ErrorBody, description = "The body is not valid JSON (`malformed_json`), or the id is not an integer (`invalid_path`)"),
        (status = 404, body = ErrorBody, description = "No such assignment (`not_found`)"),
        (status = 409, body = ErrorBody, description = "A submission is already queued or running (`submission_in_progress`)"),
        (status = 429, body = ErrorBody, description = "Too many submissions from this learner (`rate_limited`)"),
    ))]
pub(crate) async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(assignment_id): ApiPath<i64>,
    ApiJson(body): ApiJson<SubmitRequest>,
) -> Result<(StatusCode, Json<SubmissionEnvelope>), ApiError> {
    state
        .limiter
        .hit(Bucket::Submissions, &user.id.to_string())
        .await?;
    let code = SubmittedCode::parse(body.code)?;
    let (status, mut submission) = match submit(&state, user.id, assignment_id, code).await? {
        Created::Reused(submission) => (StatusCode::CREATED, submission),
        Created::Queued(submission) => (StatusCode::ACCEPTED, submission),
    };
    stats::place_in_line(&state, std::slice::from_mut(&mut submission)).await;
    Ok((status, Json(SubmissionEnvelope { submission })))
}

/// `GET /api/submissions/{id}`: a learner's own only. Another learner's is 404, not 403,
/// so that its existence does not leak. Admins see every submission.
#[utoipa::path(get, path = "/api/submissions/{id}", operation_id = "get_submission", summary = "One of the learner's own submissions (any, for an admin)",
    params(("id" = Uuid, Path, description = "The submission's id")),
    responses(
        (status = 200, body = SubmissionEnvelope, description = "The submission"),
        (status = 400, body = ErrorBody, description = "Malformed id (`invalid_path`)"),
        (status = 404, body = ErrorBody, description = "No such submission of this learner (`not_found`)"),
    ))]
#[tracing::instrument(skip_all, fields(submission_id = %id))]
pub(crate) async fn get(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<SubmissionEnvelope>, ApiError> {
    let key = state.keys.submission_cache(id);
    let mine = |submission: &Submission| submission.user_id == user.id || user.role == Role::Admin;
    if let Some(submission) = cache::get::<Submission>(&state, &key).await {
        return if mine(&submission) {
            Ok(Json(SubmissionEnvelope { submission }))
        } else {
            Err(ApiError::not_found("submission"))
        };
    }
    let mut submission = fetch_submission(&state.db, id, View::Learner)
        .await?
        .filter(mine)
        .ok_or_else(|| ApiError::not_found("submission"))?;
    if submission.status.is_final() {
        // Graded: it changes only by a regrade, which drops this copy (with its frames).
        cache::put(&state, &key, &submission, cache::SUBMISSION_TTL).await;
    } else {
        stats::place_in_line(&state, std::slice::from_mut(&mut submission)).await;
    }
    Ok(Json(SubmissionEnvelope { submission }))
}

/// The raw query of `GET /api/me/submissions`. Values are parsed by hand so that an
/// empty one (`?assignment_id=`) means "not given" and a bad one names itself; the
/// document states them as the integers they must be (`openapi::finish` adds that an
/// empty value is allowed).
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Only this assignment's.
    #[param(value_type = Option<i64>)]
    assignment_id: Option<String>,
    /// Default 1.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1_000_000)]
    page: Option<String>,
    /// Default 20.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
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
        let (page, per_page) = paging(query.page, query.per_page)?;
        Ok(ListParams {
            assignment_id: parse_param("assignment_id", query.assignment_id)?,
            page,
            per_page,
        })
    }
}

/// A validated `page` and `per_page` (defaults 1 and 20, `per_page` at most 100).
pub(crate) fn paging(
    page: Option<String>,
    per_page: Option<String>,
) -> Result<(i64, i64), ApiError> {
    let page = parse_param("page", page)?.unwrap_or(1);
    let per_page = parse_param("per_page", per_page)?.unwrap_or(ListParams::DEFAULT_PER_PAGE);
    if page < 1 {
        return Err(ApiError::InvalidQuery("page must be at least 1".into()));
    }
    if !(1..=ListParams::MAX_PER_PAGE).contains(&per_page) {
        return Err(ApiError::InvalidQuery(format!(
            "per_page must be between 1 and {}",
            ListParams::MAX_PER_PAGE
        )));
    }
    // Keeps OFFSET from overflowing; nobody has this many submissions.
    if page > 1_000_000 {
        return Err(ApiError::InvalidQuery("page is too large".into()));
    }
    Ok((page, per_page))
}

/// An integer as the OpenAPI document states it (digits, an optional minus), or nothing.
/// Rust's parser would also take a leading `+`, which the document does not allow.
pub(crate) fn parse_param(name: &str, raw: Option<String>) -> Result<Option<i64>, ApiError> {
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
#[utoipa::path(get, path = "/api/me/submissions", operation_id = "list_my_submissions", summary = "The learner's submissions, newest first",
    params(ListQuery),
    responses(
        (status = 200, body = SubmissionPage, description = "One page"),
        (status = 400, body = ErrorBody, description = "A value is not an integer or out of range, page over 1000000 included (`invalid_query`)"),
    ))]
#[tracing::instrument(skip_all, fields(user_id = %user.id))]
pub(crate) async fn list_mine(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<SubmissionPage>, ApiError> {
    let params = ListParams::parse(query)?;
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM submissions
           WHERE user_id = $1 AND ($2::bigint IS NULL OR assignment_id = $2)"#,
        user.id,
        params.assignment_id
    )
    .fetch_one(&state.db)
    .await?;
    let rows = sqlx::query_as!(
        SubmissionRow,
        r#"SELECT id, assignment_id, user_id, code, status AS "status: Status",
                  verdict AS "verdict: Verdict",
                  coalesce(learner_tests, tests) AS "tests!: sqlx::types::Json<Vec<TestResult>>",
                  coalesce(learner_feedback, feedback) AS feedback,
                  created_at, graded_at, duration_ms
           FROM submissions
           WHERE user_id = $1 AND ($2::bigint IS NULL OR assignment_id = $2)
           ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4"#,
        user.id,
        params.assignment_id,
        params.per_page,
        (params.page - 1) * params.per_page
    )
    .fetch_all(&state.db)
    .await?;
    let mut submissions: Vec<Submission> = rows.into_iter().map(Submission::from).collect();
    stats::place_in_line(&state, &mut submissions).await;
    Ok(Json(SubmissionPage {
        submissions,
        page: params.page,
        per_page: params.per_page,
        total,
    }))
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
