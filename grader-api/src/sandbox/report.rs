//! Reading the runner's result line, trusting nothing the submission could have written.
//!
//! The runner ends its stdout with `CP-RESULT <nonce> <json>`. Only the LAST line carrying
//! exactly this run's nonce counts, and its content is checked: a `passed` report must have
//! at least one test and no failing test. Whatever is missing or malformed is never a pass.

use std::time::Duration;

use contract::{Status, TestResult, Verdict};
use serde::Deserialize;

use super::Grade;

/// What the learner is told when no valid result line arrived.
pub const INTERRUPTED_FEEDBACK: &str = "Your program stopped the test runner before it finished";

/// The feedback bound of API.md, in characters.
const FEEDBACK_LIMIT: usize = 4000;
const MESSAGE_LIMIT: usize = 1000;
/// A test's name can carry the learner's values (a subtest's parameters).
const NAME_LIMIT: usize = 300;
const TESTS_LIMIT: usize = 500;

#[derive(Deserialize)]
struct RawReport {
    status: Status,
    verdict: Option<Verdict>,
    tests: Vec<TestResult>,
    feedback: String,
    duration_ms: u64,
}

/// The grade reported on `stdout` for `nonce`, or `None` when no valid report exists.
pub fn parse(stdout: &str, nonce: &str) -> Option<Grade> {
    let prefix = format!("CP-RESULT {nonce} ");
    let line = stdout
        .lines()
        .rev()
        .find(|line| line.starts_with(&prefix))?;
    let raw: RawReport = serde_json::from_str(&line[prefix.len()..]).ok()?;
    let mut tests = raw.tests;
    tests.truncate(TESTS_LIMIT);
    for test in &mut tests {
        test.name = bound(&test.name, NAME_LIMIT);
        // A runner's result always carries a message; a missing one is read as empty.
        test.message = Some(bound(test.message.as_deref().unwrap_or(""), MESSAGE_LIMIT));
        test.duration_ms = test.duration_ms.map(|ms| ms.max(0));
    }
    let (status, verdict) = match (raw.status, raw.verdict) {
        (Status::Passed, None) if !tests.is_empty() && tests.iter().all(|t| t.passed) => {
            (Status::Passed, None)
        }
        // A pass that does not add up is a failure of the tests, never a pass.
        (Status::Passed, _) => (Status::Failed, Some(Verdict::TestsFailed)),
        (Status::Failed, Some(verdict)) => (Status::Failed, Some(verdict)),
        (Status::Failed, None) => (Status::Failed, Some(Verdict::TestsFailed)),
        (Status::Error, _) => (Status::Error, None),
        (Status::Queued | Status::Running, _) => return None,
    };
    Some(Grade {
        status,
        verdict,
        tests,
        feedback: bound(&raw.feedback, FEEDBACK_LIMIT),
        duration: Duration::from_millis(raw.duration_ms),
    })
}

/// The grade for a run that ended without a valid report (the runner was killed, the
/// submission broke it, or its output was unreadable).
pub fn interrupted(duration: Duration) -> Grade {
    failed(Verdict::RuntimeError, INTERRUPTED_FEEDBACK, duration)
}

/// A failed grade decided outside the runner (time, memory or output limits).
pub fn failed(verdict: Verdict, feedback: &str, duration: Duration) -> Grade {
    Grade {
        status: Status::Failed,
        verdict: Some(verdict),
        tests: Vec::new(),
        feedback: feedback.to_owned(),
        duration,
    }
}

/// `text` cut to at most `limit` characters, marked when cut.
fn bound(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit.saturating_sub(3)) {
        Some((end, _)) if text.chars().count() > limit => format!("{}...", &text[..end]),
        _ => text.to_owned(),
    }
}

#[cfg(test)]
mod tests;
