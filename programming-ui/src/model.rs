//! What the UI adds to the wire types (`wire`, the same crate the API and the relay
//! use): the page's data, labels for learners, how updates merge, and API errors as
//! learners read them.

use serde::{Deserialize, Serialize};
use wire::admin::CheckResult;
use wire::{Assignment, AssignmentSummary, ErrorBody, Progress, Status, Submission, Verdict};

/// The text shown next to the status colour, so colour is never the only signal.
pub(crate) fn status_label(status: Status) -> &'static str {
    match status {
        Status::Queued => "Queued - waiting for a grader",
        Status::Running => "Running the tests…",
        Status::Passed => "Passed",
        Status::Failed => "Failed",
        Status::Error => "Error - grading did not finish",
    }
}

/// A human sentence for a `failed` submission's verdict.
pub(crate) fn verdict_label(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::TestsFailed => "Some tests failed",
        Verdict::SyntaxError => "Your code has a syntax error",
        Verdict::CompileError => "Your code does not compile",
        Verdict::RuntimeError => "Your code raised an error while running",
        Verdict::TimeLimit => "Your code took too long (time limit)",
        Verdict::MemoryLimit => "Your code used too much memory",
        Verdict::OutputLimit => "Your code printed too much output",
    }
}

/// How long one test ran, as shown beside it: whole milliseconds, and "< 1 ms" for a
/// test quicker than the runner's clock shows.
pub(crate) fn test_time(ms: i64) -> String {
    if ms < 1 {
        "< 1 ms".to_owned()
    } else {
        format!("{ms} ms")
    }
}

/// Where a queued submission stands: "3rd in line, about 2 s" (API.md's
/// `queue_position`, 1 = next, and `eta_ms`), or "3rd in line" without an estimate.
pub(crate) fn place_in_line(position: i64, eta_ms: Option<i64>) -> String {
    let place = format!("{} in line", ordinal(position));
    match eta_ms {
        Some(eta) => format!("{place}, {}", about(eta)),
        None => place,
    }
}

/// 1st, 2nd, 3rd, 4th, ... 11th, 12th, 13th, ... 21st, 22nd, ...
fn ordinal(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// An estimate as people say it: no more precision than it has.
fn about(ms: i64) -> String {
    let seconds = (ms as f64 / 1000.0).round() as i64;
    let minutes = (ms as f64 / 60_000.0).round() as i64;
    if ms < 1000 {
        "under a second".to_owned()
    } else if seconds < 60 {
        format!("about {seconds} s")
    } else if minutes < 60 {
        format!("about {minutes} min")
    } else {
        format!("about {} h", (ms as f64 / 3_600_000.0).round() as i64)
    }
}

/// `2026-11-25T21:36:01.123Z` -> `2026-11-25 21:36 UTC`: the same text on the server
/// and in the browser (hydration must match), whatever the browser's time zone.
pub(crate) fn created_label(submission: &Submission) -> String {
    submission
        .created_at
        .format("%Y-%m-%d %H:%M UTC")
        .to_string()
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

/// Everything the assignment page shows, loaded in one go on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PageData {
    pub(crate) assignment: Assignment,
    /// The handout rendered to HTML (by the server, so hydration sees the same markup,
    /// or by the browser when it loaded the page itself).
    pub(crate) handout_html: String,
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
        /// With `reference_failed`: what the grader found for the reference solution.
        check: Option<Box<CheckResult>>,
    },
}

impl ApiError {
    /// Builds the error from a status and a body that may be API.md's error object.
    pub(crate) fn from_response(status: u16, body: &str) -> ApiError {
        match serde_json::from_str::<ErrorBody>(body) {
            Ok(ErrorBody { error }) => ApiError::Http {
                status,
                code: error.code,
                message: error.message,
                check: error.check.map(Box::new),
            },
            Err(_) => ApiError::Http {
                status,
                code: "unexpected".to_owned(),
                message: format!("The server answered with status {status}"),
                check: None,
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

    /// Whether the API refused the call for want of an admin session (none, or a
    /// learner's): the teacher's pages then send the browser to the sign-in page.
    pub(crate) fn needs_admin_sign_in(&self) -> bool {
        matches!(
            self,
            ApiError::Http {
                status: 401 | 403,
                ..
            }
        )
    }
}

pub(crate) mod authoring;
pub(crate) mod dashboard;
pub(crate) mod submissions;
#[cfg(test)]
pub(crate) mod tests;
