//! The API.md wire types the UI reads, and the pure logic around them (labels, ordering,
//! error messages). They are the UI's own copies, not `contract`'s: that crate pulls in
//! sqlx and tokio, which do not build for the browser.

use serde::{Deserialize, Serialize};

/// Where a submission is in its life (API.md `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Status {
    Queued,
    Running,
    Passed,
    Failed,
    Error,
}

impl Status {
    /// The value of the `data-status` attribute the browser tests read.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Running => "running",
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::Error => "error",
        }
    }

    /// The text shown next to the status colour, so colour is never the only signal.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Status::Queued => "Queued - waiting for a grader",
            Status::Running => "Running the tests…",
            Status::Passed => "Passed",
            Status::Failed => "Failed",
            Status::Error => "Error - grading did not finish",
        }
    }

    /// Frames arrive in status order, but a REST answer can overtake a frame: an update
    /// never moves a submission back to an earlier stage.
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn stage(self) -> u8 {
        match self {
            Status::Queued => 0,
            Status::Running => 1,
            Status::Passed | Status::Failed | Status::Error => 2,
        }
    }
}

/// A human sentence for a `failed` submission's verdict.
pub(crate) fn verdict_label(verdict: &str) -> &'static str {
    match verdict {
        "tests_failed" => "Some tests failed",
        "syntax_error" => "Your code has a syntax error",
        "runtime_error" => "Your code raised an error while running",
        "time_limit" => "Your code took too long (time limit)",
        "memory_limit" => "Your code used too much memory",
        "output_limit" => "Your code printed too much output",
        _ => "The submission failed",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct TestResult {
    pub(crate) name: String,
    pub(crate) passed: bool,
    pub(crate) message: String,
}

/// API.md `Submission`; times stay RFC 3339 strings so server and browser render the
/// same text (hydration must match).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Submission {
    pub(crate) id: String,
    pub(crate) assignment_id: i64,
    pub(crate) code: String,
    pub(crate) status: Status,
    pub(crate) verdict: Option<String>,
    #[serde(default)]
    pub(crate) tests: Vec<TestResult>,
    pub(crate) feedback: Option<String>,
    pub(crate) created_at: String,
}

impl Submission {
    /// `2026-11-25T21:36:01.123Z` -> `2026-11-25 21:36 UTC`.
    pub(crate) fn created_label(&self) -> String {
        match (self.created_at.get(..10), self.created_at.get(11..16)) {
            (Some(day), Some(time)) => format!("{day} {time} UTC"),
            _ => self.created_at.clone(),
        }
    }
}

/// Puts `update` into `list` (newest first): replaces the entry with the same id unless
/// that entry is already at a later stage, or inserts it at the front. Only the browser
/// applies updates; the server renders what it read.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(crate) fn upsert_submission(list: &mut Vec<Submission>, update: Submission) {
    match list.iter_mut().find(|s| s.id == update.id) {
        Some(existing) if existing.status.stage() <= update.status.stage() => *existing = update,
        Some(_) => {}
        None => list.insert(0, update),
    }
}

/// An entry of `GET /api/assignments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct AssignmentSummary {
    pub(crate) id: i64,
    pub(crate) title: String,
    pub(crate) points: i64,
    pub(crate) completed: bool,
}

/// `GET /api/assignments/{id}`, with the handout already rendered to HTML on the server
/// so the browser needs no Markdown parser and hydration sees the same markup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Assignment {
    pub(crate) id: i64,
    pub(crate) title: String,
    pub(crate) points: i64,
    pub(crate) handout: String,
    #[serde(default)]
    pub(crate) handout_html: String,
    pub(crate) starter_code: String,
}

/// `GET /api/me/progress`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Progress {
    pub(crate) points: i64,
    pub(crate) completed: Vec<i64>,
    pub(crate) total: i64,
    #[serde(default)]
    pub(crate) total_points: i64,
    pub(crate) next_assignment_id: Option<i64>,
}

/// Everything the assignment page shows, loaded in one go on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PageData {
    pub(crate) assignment: Assignment,
    pub(crate) assignments: Vec<AssignmentSummary>,
    pub(crate) progress: Progress,
    /// This learner's submissions for this assignment, newest first.
    pub(crate) submissions: Vec<Submission>,
}

/// Why a call to the API did not give what was asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum ApiError {
    /// No answer at all: the server is down or the connection is.
    Network,
    /// An answer with API.md's error body (or none that could be read).
    Http {
        status: u16,
        code: String,
        message: String,
    },
}

impl ApiError {
    /// Builds the error from a status and a body that may be API.md's error object.
    pub(crate) fn from_response(status: u16, body: &str) -> ApiError {
        #[derive(Deserialize)]
        struct Body {
            error: Inner,
        }
        #[derive(Deserialize)]
        struct Inner {
            code: String,
            message: String,
        }
        match serde_json::from_str::<Body>(body) {
            Ok(Body { error }) => ApiError::Http {
                status,
                code: error.code,
                message: error.message,
            },
            Err(_) => ApiError::Http {
                status,
                code: "unexpected".to_owned(),
                message: format!("The server answered with status {status}"),
            },
        }
    }

    /// What the learner reads in the error banner.
    pub(crate) fn user_message(&self) -> String {
        match self {
            ApiError::Network => "Cannot reach the server - check your connection".to_owned(),
            ApiError::Http { status: 409, .. } => {
                "You already have a submission being graded - wait for its result".to_owned()
            }
            ApiError::Http { status: 413, .. } => "Your code is larger than 64 KiB".to_owned(),
            ApiError::Http { message, .. } => message.clone(),
        }
    }
}

#[cfg(test)]
mod tests;
