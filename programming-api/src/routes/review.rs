//! Every learner's submissions as teachers read them (API.md "Admin endpoints"): the
//! filtered list (JSON pages or one CSV), one submission, and regrades.

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use contract::submission::{fetch_submission, SubmissionRow, View};
use contract::{Status, Submission, TestResult, Verdict};
use serde::Deserialize;
use uuid::Uuid;
use wire::stats::RegradeQueued;
use wire::submission::{SubmissionEnvelope, SubmissionPage};
use wire::ErrorBody;

use crate::error::ApiError;
use crate::extract::{AdminUser, ApiPath, ApiQuery};
use crate::regrade;
use crate::routes::submissions::{paging, parse_param};
use crate::state::AppState;

/// Rows one database read of a CSV export fetches.
const CSV_PAGE: i64 = 500;

/// The raw query of `GET /api/admin/submissions`; empty values mean "not given".
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct AdminListQuery {
    /// Only submissions with this status (`queued`, `running`, `passed`, `failed`,
    /// `error`); empty means not given.
    #[param(value_type = Option<String>, pattern = "^(queued|running|passed|failed|error)?$")]
    status: Option<String>,
    /// Only this assignment's.
    #[param(value_type = Option<i64>)]
    assignment_id: Option<String>,
    /// Only this learner's (a hyphenated UUID); empty means not given.
    #[param(value_type = Option<String>, pattern = "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})?$")]
    user_id: Option<String>,
    /// Default 1 (JSON only).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1_000_000)]
    page: Option<String>,
    /// Default 20 (JSON only).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    per_page: Option<String>,
    /// `json` (default) or `csv`: every matching submission as `text/csv`, no pages.
    #[param(value_type = Option<String>, pattern = "^(json|csv)?$")]
    format: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Csv,
}

/// Validated filters.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Filters {
    status: Option<Status>,
    assignment_id: Option<i64>,
    user_id: Option<Uuid>,
}

impl Filters {
    fn parse(query: &AdminListQuery) -> Result<Filters, ApiError> {
        let status = match query.status.as_deref() {
            None | Some("") => None,
            Some(name) => Some(
                Status::ALL
                    .into_iter()
                    .find(|status| status.as_str() == name)
                    .ok_or_else(|| {
                        ApiError::InvalidQuery(format!(
                            "status must be one of queued, running, passed, failed, error, not {name:?}"
                        ))
                    })?,
            ),
        };
        let user_id = match query.user_id.as_deref() {
            None | Some("") => None,
            // Only the hyphenated form the document states (the parser takes others too).
            Some(raw) => Some(
                Some(raw)
                    .filter(|raw| raw.len() == 36)
                    .and_then(|raw| Uuid::parse_str(raw).ok())
                    .ok_or_else(|| {
                        ApiError::InvalidQuery(format!(
                            "user_id must be a hyphenated UUID, not {raw:?}"
                        ))
                    })?,
            ),
        };
        Ok(Filters {
            status,
            assignment_id: parse_param("assignment_id", query.assignment_id.clone())?,
            user_id,
        })
    }
}

fn format_of(raw: Option<&str>) -> Result<Format, ApiError> {
    match raw {
        None | Some("") | Some("json") => Ok(Format::Json),
        Some("csv") => Ok(Format::Csv),
        Some(other) => Err(ApiError::InvalidQuery(format!(
            "format must be json or csv, not {other:?}"
        ))),
    }
}

/// `GET /api/admin/submissions`.
#[utoipa::path(get, path = "/api/admin/submissions", operation_id = "admin_list_submissions",
    summary = "Every learner's submissions, newest first, with every test's real name; `format=csv` for a spreadsheet",
    params(AdminListQuery),
    responses(
        (status = 200, description = "One page (JSON), or every match as `text/csv`",
            content((SubmissionPage = "application/json"), (String = "text/csv"))),
        (status = 400, body = ErrorBody, description = "A filter, page or format is invalid (`invalid_query`)"),
        (status = 403, body = ErrorBody, description = "Not an admin (`forbidden`)"),
    ))]
#[tracing::instrument(skip_all)]
pub(crate) async fn list(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
    ApiQuery(query): ApiQuery<AdminListQuery>,
) -> Result<Response, ApiError> {
    let filters = Filters::parse(&query)?;
    if format_of(query.format.as_deref())? == Format::Csv {
        return Ok(csv_response(state, filters));
    }
    let (page, per_page) = paging(query.page, query.per_page)?;
    let status = filters.status.map(Status::as_str);
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM submissions
           WHERE ($1::text IS NULL OR status = $1) AND ($2::bigint IS NULL OR assignment_id = $2)
             AND ($3::uuid IS NULL OR user_id = $3)"#,
        status,
        filters.assignment_id,
        filters.user_id
    )
    .fetch_one(&state.db)
    .await?;
    let rows = sqlx::query_as!(
        SubmissionRow,
        r#"SELECT id, assignment_id, user_id, code, status AS "status: Status",
                  verdict AS "verdict: Verdict",
                  tests AS "tests: sqlx::types::Json<Vec<TestResult>>", feedback,
                  created_at, graded_at, duration_ms
           FROM submissions
           WHERE ($1::text IS NULL OR status = $1) AND ($2::bigint IS NULL OR assignment_id = $2)
             AND ($3::uuid IS NULL OR user_id = $3)
           ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5"#,
        status,
        filters.assignment_id,
        filters.user_id,
        per_page,
        (page - 1) * per_page
    )
    .fetch_all(&state.db)
    .await?;
    let mut submissions: Vec<Submission> = rows.into_iter().map(Submission::from).collect();
    with_queued_at(&state, &mut submissions).await?;
    Ok(Json(SubmissionPage {
        submissions,
        page,
        per_page,
        total,
    })
    .into_response())
}

/// Adds what only teachers read: when each submission last went in line.
async fn with_queued_at(state: &AppState, submissions: &mut [Submission]) -> Result<(), ApiError> {
    let ids: Vec<Uuid> = submissions.iter().map(|submission| submission.id).collect();
    let queued = sqlx::query!(
        "SELECT id, queued_at FROM submissions WHERE id = ANY($1)",
        &ids
    )
    .fetch_all(&state.db)
    .await?;
    for row in queued {
        if let Some(submission) = submissions.iter_mut().find(|s| s.id == row.id) {
            submission.queued_at = Some(row.queued_at);
        }
    }
    Ok(())
}

/// The CSV's columns, in order.
const CSV_HEADER: [&str; 13] = [
    "id",
    "created_at",
    "assignment_id",
    "assignment",
    "user_id",
    "status",
    "verdict",
    "tests_passed",
    "tests_total",
    "graded_at",
    "duration_ms",
    "feedback",
    "code",
];

/// Streams every match as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheets
/// read it as UTF-8), a page of rows at a time, so an export of any size holds one page
/// in memory. A failure after the first bytes ends the body early (the download is
/// then incomplete, and logged).
fn csv_response(state: AppState, filters: Filters) -> Response {
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Result<String, std::io::Error>>(4);
    tokio::spawn(async move {
        let mut chunk = String::from("\u{feff}");
        push_record(&mut chunk, CSV_HEADER.iter().map(|&name| name.to_owned()));
        if sender.send(Ok(chunk)).await.is_err() {
            return;
        }
        let mut after: Option<(DateTime<Utc>, Uuid)> = None;
        loop {
            let rows = match csv_page(&state, &filters, after).await {
                Ok(rows) => rows,
                Err(err) => {
                    tracing::error!(error = ?err, "reading the CSV export failed");
                    let _ = sender.send(Err(std::io::Error::other(err))).await;
                    return;
                }
            };
            let Some(last) = rows.last() else { return };
            after = Some((last.created_at, last.id));
            let full = rows.len() as i64 == CSV_PAGE;
            let mut chunk = String::new();
            for row in rows {
                push_record(&mut chunk, row.fields());
            }
            if sender.send(Ok(chunk)).await.is_err() || !full {
                return;
            }
        }
    });
    let body = Body::from_stream(futures::stream::poll_fn(move |cx| receiver.poll_recv(cx)));
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"submissions.csv\"",
            ),
        ],
        body,
    )
        .into_response()
}

/// One row of the export.
struct CsvRow {
    id: Uuid,
    created_at: DateTime<Utc>,
    assignment_id: i64,
    title: String,
    user_id: Uuid,
    status: Status,
    verdict: Option<Verdict>,
    tests: sqlx::types::Json<Vec<TestResult>>,
    graded_at: Option<DateTime<Utc>>,
    duration_ms: Option<i32>,
    feedback: Option<String>,
    code: String,
}

impl CsvRow {
    fn fields(self) -> impl Iterator<Item = String> {
        let passed = self.tests.iter().filter(|test| test.passed).count();
        [
            self.id.to_string(),
            self.created_at.to_rfc3339(),
            self.assignment_id.to_string(),
            self.title,
            self.user_id.to_string(),
            self.status.as_str().to_owned(),
            self.verdict.map_or("", Verdict::as_str).to_owned(),
            passed.to_string(),
            self.tests.len().to_string(),
            self.graded_at
                .map_or_else(String::new, |graded| graded.to_rfc3339()),
            self.duration_ms
                .map_or_else(String::new, |ms| ms.to_string()),
            self.feedback.unwrap_or_default(),
            self.code,
        ]
        .into_iter()
    }
}

/// The next [`CSV_PAGE`] matches after `after` (newest first).
async fn csv_page(
    state: &AppState,
    filters: &Filters,
    after: Option<(DateTime<Utc>, Uuid)>,
) -> sqlx::Result<Vec<CsvRow>> {
    sqlx::query_as!(
        CsvRow,
        r#"SELECT s.id, s.created_at, s.assignment_id, a.title, s.user_id,
                  s.status AS "status: Status", s.verdict AS "verdict: Verdict",
                  s.tests AS "tests: sqlx::types::Json<Vec<TestResult>>",
                  s.graded_at, s.duration_ms, s.feedback, s.code
           FROM submissions s JOIN assignments a ON a.id = s.assignment_id
           WHERE ($1::text IS NULL OR s.status = $1)
             AND ($2::bigint IS NULL OR s.assignment_id = $2)
             AND ($3::uuid IS NULL OR s.user_id = $3)
             AND ($4::timestamptz IS NULL OR (s.created_at, s.id) < ($4, $5::uuid))
           ORDER BY s.created_at DESC, s.id DESC LIMIT $6"#,
        filters.status.map(Status::as_str),
        filters.assignment_id,
        filters.user_id,
        after.map(|(at, _)| at),
        after.map(|(_, id)| id),
        CSV_PAGE
    )
    .fetch_all(&state.db)
    .await
}

/// Appends one CSV record (CRLF-terminated). A field is quoted when it holds a comma,
/// quote or line break; one a spreadsheet would run as a formula (`=`, `+`, `-`, `@`,
/// tab or carriage return first) gets a leading `'`, so a learner's code never becomes
/// a formula in the teacher's spreadsheet.
fn push_record(out: &mut String, fields: impl Iterator<Item = String>) {
    for (index, field) in fields.enumerate() {
        if index > 0 {
            out.push(',');
        }
        let formula = field.starts_with(['=', '+', '-', '@', '\t', '\r']);
        if formula || field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            if formula {
                out.push('\'');
            }
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(&field);
        }
    }
    out.push_str("\r\n");
}

/// `GET /api/admin/submissions/{id}`.
#[utoipa::path(get, path = "/api/admin/submissions/{id}", operation_id = "admin_get_submission",
    summary = "One submission with every test's real name and message",
    params(("id" = Uuid, Path, description = "The submission's id")),
    responses(
        (status = 200, body = SubmissionEnvelope, description = "The submission"),
        (status = 400, body = ErrorBody, description = "Malformed id (`invalid_path`)"),
        (status = 403, body = ErrorBody, description = "Not an admin (`forbidden`)"),
        (status = 404, body = ErrorBody, description = "No such submission (`not_found`)"),
    ))]
pub(crate) async fn get(
    State(state): State<AppState>,
    AdminUser(_admin): AdminUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<SubmissionEnvelope>, ApiError> {
    let mut submission = fetch_submission(&state.db, id, View::Teacher)
        .await?
        .ok_or_else(|| ApiError::not_found("submission"))?;
    with_queued_at(&state, std::slice::from_mut(&mut submission)).await?;
    Ok(Json(SubmissionEnvelope { submission }))
}

/// `POST /api/admin/submissions/{id}/regrade`.
#[utoipa::path(post, path = "/api/admin/submissions/{id}/regrade", operation_id = "admin_regrade_submission",
    summary = "Grade a submission again against its assignment's current tests, on the bulk lane",
    params(("id" = Uuid, Path, description = "The submission's id")),
    responses(
        (status = 202, body = SubmissionEnvelope, description = "Queued again (same id)"),
        (status = 400, body = ErrorBody, description = "Malformed id (`invalid_path`)"),
        (status = 403, body = ErrorBody, description = "Not an admin (`forbidden`)"),
        (status = 404, body = ErrorBody, description = "No such submission (`not_found`)"),
        (status = 409, body = ErrorBody, description = "It is queued or running (`submission_in_progress`)"),
    ))]
#[tracing::instrument(skip_all, fields(admin = %admin.id, submission_id = %id))]
pub(crate) async fn regrade_one(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<(StatusCode, Json<SubmissionEnvelope>), ApiError> {
    let submission = regrade::one(&state, id).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(SubmissionEnvelope { submission }),
    ))
}

/// `POST /api/admin/assignments/{id}/regrade`.
#[utoipa::path(post, path = "/api/admin/assignments/{id}/regrade", operation_id = "admin_regrade_assignment",
    summary = "Grade every learner's latest submission of an assignment again, on the bulk lane",
    params(("id" = i64, Path, description = "The assignment's id")),
    responses(
        (status = 202, body = RegradeQueued, description = "How many went on the bulk lane (open ones are left as they are)"),
        (status = 400, body = ErrorBody, description = "Non-numeric id (`invalid_path`)"),
        (status = 403, body = ErrorBody, description = "Not an admin (`forbidden`)"),
        (status = 404, body = ErrorBody, description = "No such assignment (`not_found`)"),
    ))]
#[tracing::instrument(skip_all, fields(admin = %admin.id, assignment_id = id))]
pub(crate) async fn regrade_assignment(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    ApiPath(id): ApiPath<i64>,
) -> Result<(StatusCode, Json<RegradeQueued>), ApiError> {
    let queued = regrade::latest_of_assignment(&state, id).await?;
    Ok((StatusCode::ACCEPTED, Json(RegradeQueued { queued })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(fields: &[&str]) -> String {
        let mut out = String::new();
        push_record(&mut out, fields.iter().map(|&field| field.to_owned()));
        out
    }

    #[test]
    fn csv_quotes_what_needs_quoting_and_defuses_formulas() {
        assert_eq!(record(&["a", "b c", ""]), "a,b c,\r\n");
        assert_eq!(
            record(&["x,y", "say \"hi\"", "two\nlines"]),
            "\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
        assert_eq!(
            record(&["=HYPERLINK(\"http://x\")", "-1", "@a"]),
            "\"'=HYPERLINK(\"\"http://x\"\")\",\"'-1\",\"'@a\"\r\n"
        );
    }

    fn query(status: &str, user_id: &str, format: Option<&str>) -> AdminListQuery {
        AdminListQuery {
            status: Some(status.to_owned()),
            assignment_id: None,
            user_id: Some(user_id.to_owned()),
            page: None,
            per_page: None,
            format: format.map(str::to_owned),
        }
    }

    #[test]
    fn filters_name_what_is_wrong() {
        let ok = Filters::parse(&query("passed", "", None)).unwrap();
        assert_eq!(ok.status, Some(Status::Passed));
        assert_eq!(ok.user_id, None);
        let simple = Uuid::nil().simple().to_string();
        for bad in [
            query("done", "", None),
            query("", "not-a-uuid", None),
            query("", &simple, None),
        ] {
            assert!(matches!(
                Filters::parse(&bad),
                Err(ApiError::InvalidQuery(_))
            ));
        }
        assert_eq!(format_of(Some("csv")).unwrap(), Format::Csv);
        assert_eq!(format_of(None).unwrap(), Format::Json);
        assert!(format_of(Some("xml")).is_err());
    }
}
