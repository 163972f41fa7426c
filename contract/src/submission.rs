//! Submissions as stored; their wire form ([`Submission`]) is `wire`'s.

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;
use uuid::Uuid;

pub use wire::submission::{Status, Submission, TestResult, Verdict};

/// The columns of `submissions` that make up a [`Submission`], in the order
/// [`SubmissionRow`] expects. Use it in `SELECT` and `RETURNING` clauses so every
/// query that produces a submission produces the same one.
pub const SUBMISSION_COLUMNS: &str =
    "id, assignment_id, user_id, code, status, verdict, tests, feedback, created_at, graded_at, duration_ms";

/// A row of `submissions` as stored; [`Submission`] is its wire form.
#[derive(Debug, sqlx::FromRow)]
pub struct SubmissionRow {
    pub id: Uuid,
    pub assignment_id: i64,
    pub user_id: Uuid,
    pub code: String,
    pub status: Status,
    pub verdict: Option<Verdict>,
    pub tests: sqlx::types::Json<Vec<TestResult>>,
    pub feedback: Option<String>,
    pub created_at: DateTime<Utc>,
    pub graded_at: Option<DateTime<Utc>>,
    pub duration_ms: Option<i32>,
}

impl From<SubmissionRow> for Submission {
    fn from(row: SubmissionRow) -> Self {
        Submission {
            id: row.id,
            assignment_id: row.assignment_id,
            user_id: row.user_id,
            code: row.code,
            status: row.status,
            verdict: row.verdict,
            tests: row.tests.0,
            feedback: row.feedback,
            created_at: row.created_at,
            graded_at: row.graded_at,
            duration_ms: row.duration_ms.map(i64::from),
        }
    }
}

/// Loads one submission by id, whoever owns it.
pub async fn fetch_submission<'e>(
    db: impl PgExecutor<'e>,
    id: Uuid,
) -> sqlx::Result<Option<Submission>> {
    let sql = format!("SELECT {SUBMISSION_COLUMNS} FROM submissions WHERE id = $1");
    let row: Option<SubmissionRow> = sqlx::query_as(&sql).bind(id).fetch_optional(db).await?;
    Ok(row.map(Submission::from))
}
