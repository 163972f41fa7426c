//! Submission status, verdicts and the wire form of a submission (API.md `Submission`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgExecutor;
use uuid::Uuid;

/// Where a submission is in its life: `queued` -> `running` -> `passed` | `failed` | `error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Queued,
    Running,
    Passed,
    Failed,
    /// The platform's fault, never the learner's.
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Running => "running",
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Some(match s {
            "queued" => Status::Queued,
            "running" => Status::Running,
            "passed" => Status::Passed,
            "failed" => Status::Failed,
            "error" => Status::Error,
            _ => return None,
        })
    }

    /// A final status never changes again (until an explicit regrade).
    pub fn is_final(self) -> bool {
        matches!(self, Status::Passed | Status::Failed | Status::Error)
    }
}

/// Why a `failed` submission failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    TestsFailed,
    SyntaxError,
    RuntimeError,
    TimeLimit,
    MemoryLimit,
    OutputLimit,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::TestsFailed => "tests_failed",
            Verdict::SyntaxError => "syntax_error",
            Verdict::RuntimeError => "runtime_error",
            Verdict::TimeLimit => "time_limit",
            Verdict::MemoryLimit => "memory_limit",
            Verdict::OutputLimit => "output_limit",
        }
    }

    pub fn parse(s: &str) -> Option<Verdict> {
        Some(match s {
            "tests_failed" => Verdict::TestsFailed,
            "syntax_error" => Verdict::SyntaxError,
            "runtime_error" => Verdict::RuntimeError,
            "time_limit" => Verdict::TimeLimit,
            "memory_limit" => Verdict::MemoryLimit,
            "output_limit" => Verdict::OutputLimit,
            _ => return None,
        })
    }
}

/// The outcome of one hidden test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestResult {
    pub name: String,
    pub passed: bool,
    pub message: String,
}

/// A submission as API.md defines it, for REST responses and live-update frames alike.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Submission {
    pub id: Uuid,
    pub assignment_id: i64,
    pub user_id: Uuid,
    pub code: String,
    pub status: Status,
    pub verdict: Option<Verdict>,
    pub tests: Vec<TestResult>,
    pub feedback: Option<String>,
    pub created_at: DateTime<Utc>,
    pub graded_at: Option<DateTime<Utc>>,
    pub duration_ms: Option<i64>,
}

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
    pub status: String,
    pub verdict: Option<String>,
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
            // The table's CHECK constraints admit only the names `parse` knows.
            status: Status::parse(&row.status).unwrap_or(Status::Error),
            verdict: row.verdict.as_deref().and_then(Verdict::parse),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_and_verdict_names_round_trip() {
        for s in [
            Status::Queued,
            Status::Running,
            Status::Passed,
            Status::Failed,
            Status::Error,
        ] {
            assert_eq!(Status::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for v in [
            Verdict::TestsFailed,
            Verdict::SyntaxError,
            Verdict::RuntimeError,
            Verdict::TimeLimit,
            Verdict::MemoryLimit,
            Verdict::OutputLimit,
        ] {
            assert_eq!(Verdict::parse(v.as_str()), Some(v));
            assert_eq!(serde_json::to_value(v).unwrap(), v.as_str());
        }
        assert_eq!(Status::parse("done"), None);
        assert_eq!(Verdict::parse("wrong"), None);
    }

    #[test]
    fn only_passed_failed_and_error_are_final() {
        assert!(!Status::Queued.is_final());
        assert!(!Status::Running.is_final());
        assert!(Status::Passed.is_final() && Status::Failed.is_final() && Status::Error.is_final());
    }
}
