//! A submission, its status and its verdict (API.md `Submission`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where a submission is in its life: `queued` -> `running` -> `passed` | `failed` | `error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "sqlx", derive(sqlx::Type))]
#[cfg_attr(feature = "sqlx", sqlx(type_name = "text", rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Status {
    Queued,
    Running,
    Passed,
    Failed,
    /// The platform's fault, never the learner's.
    Error,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Queued,
        Status::Running,
        Status::Passed,
        Status::Failed,
        Status::Error,
    ];

    /// The name API.md and the database use.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Running => "running",
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::Error => "error",
        }
    }

    /// A final status never changes again (until an explicit regrade).
    pub fn is_final(self) -> bool {
        matches!(self, Status::Passed | Status::Failed | Status::Error)
    }

    /// How far along a submission is: frames arrive in status order, but a REST answer
    /// can overtake a frame, and an update must never move a submission back.
    pub fn stage(self) -> u8 {
        match self {
            Status::Queued => 0,
            Status::Running => 1,
            Status::Passed | Status::Failed | Status::Error => 2,
        }
    }
}

/// Why a `failed` submission failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "sqlx", derive(sqlx::Type))]
#[cfg_attr(feature = "sqlx", sqlx(type_name = "text", rename_all = "snake_case"))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Verdict {
    TestsFailed,
    SyntaxError,
    /// API.md's verdict for compiled languages; no Python submission gets it.
    CompileError,
    RuntimeError,
    TimeLimit,
    MemoryLimit,
    OutputLimit,
}

impl Verdict {
    pub const ALL: [Verdict; 7] = [
        Verdict::TestsFailed,
        Verdict::SyntaxError,
        Verdict::CompileError,
        Verdict::RuntimeError,
        Verdict::TimeLimit,
        Verdict::MemoryLimit,
        Verdict::OutputLimit,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::TestsFailed => "tests_failed",
            Verdict::SyntaxError => "syntax_error",
            Verdict::CompileError => "compile_error",
            Verdict::RuntimeError => "runtime_error",
            Verdict::TimeLimit => "time_limit",
            Verdict::MemoryLimit => "memory_limit",
            Verdict::OutputLimit => "output_limit",
        }
    }
}

/// The outcome of one hidden test.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestResult {
    /// The test method's name (a subtest's parameters follow it after a space), or
    /// `hidden test N` for a result the teacher hid from learners.
    pub name: String,
    pub passed: bool,
    /// Why it failed (empty when it passed); null for a hidden result.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub message: Option<String>,
    /// How long the test ran, timed by the runner (absent for a hidden result and for
    /// results graded before tests were timed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<i64>,
}

/// A submission as API.md defines it, for REST responses and live-update frames alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Submission {
    pub id: Uuid,
    pub assignment_id: i64,
    pub user_id: Uuid,
    pub code: String,
    pub status: Status,
    /// Null unless `failed`.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub verdict: Option<Verdict>,
    pub tests: Vec<TestResult>,
    /// Human-readable, bounded text.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub feedback: Option<String>,
    pub created_at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub graded_at: Option<DateTime<Utc>>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub duration_ms: Option<i64>,
    /// While `queued`: its place in line, 1 = the next one a grader takes. Absent
    /// otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_position: Option<i64>,
    /// While `queued`: about how long until its verdict, in milliseconds. Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eta_ms: Option<i64>,
    /// Teachers' view only: when it last went in line for a grader (its submission, or
    /// its latest regrade). Absent in what learners read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queued_at: Option<DateTime<Utc>>,
}

/// `POST /api/assignments/{id}/submissions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmitRequest {
    /// Source code: at most 65536 bytes of UTF-8 (413 `code_too_large` above); a
    /// character takes 1 to 4 bytes.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[^\\u0000]*$"))]
    pub code: String,
}

/// `{"submission": Submission}`: one submission's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionEnvelope {
    pub submission: Submission,
}

/// One page of submissions, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmissionPage {
    pub submissions: Vec<Submission>,
    pub page: i64,
    pub per_page: i64,
    /// How many submissions match, over all pages.
    pub total: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_api_md_names() {
        for status in Status::ALL {
            let json = serde_json::to_value(status).unwrap();
            assert_eq!(json, status.as_str());
            assert_eq!(serde_json::from_value::<Status>(json).unwrap(), status);
        }
        for verdict in Verdict::ALL {
            let json = serde_json::to_value(verdict).unwrap();
            assert_eq!(json, verdict.as_str());
            assert_eq!(serde_json::from_value::<Verdict>(json).unwrap(), verdict);
        }
        assert!(serde_json::from_str::<Status>("\"done\"").is_err());
        assert!(serde_json::from_str::<Verdict>("\"wrong\"").is_err());
    }

    #[test]
    fn only_passed_failed_and_error_are_final_and_last() {
        for status in Status::ALL {
            assert_eq!(status.is_final(), status.stage() == 2, "{status:?}");
        }
        assert!(Status::Queued.stage() < Status::Running.stage());
        assert!(!Status::Queued.is_final() && !Status::Running.is_final());
    }
}
