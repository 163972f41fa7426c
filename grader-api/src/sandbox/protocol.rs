//! What every backend sends to the in-sandbox runner, and the bounds on what it reads back.
//!
//! The runner (`grader-image/runner/runner.py`) reads one JSON request on stdin and ends its
//! stdout with a nonce-tagged result line that [`super::report`] parses.

use std::time::Duration;

use anyhow::Context;

use super::Job;

/// Time for the sandbox and the runner to start, on top of the job's own limit.
pub(crate) const START_SLACK: Duration = Duration::from_secs(2);
/// The runner prints only its result line; more than this on stdout means it was abused.
pub(crate) const STDOUT_SLACK: usize = 256 * 1024;
/// The runner's stderr is kept for the logs only.
pub(crate) const STDERR_LIMIT: usize = 16 * 1024;

/// The runner's request for `job`, newline-terminated.
pub(crate) fn request(
    job: &Job,
    nonce: &str,
    output_limit_bytes: usize,
) -> anyhow::Result<Vec<u8>> {
    let request = serde_json::json!({
        "nonce": nonce,
        "code": job.code,
        "tests": job.test_code,
        "io_cases": job.io_cases,
        "language": job.language,
        "module_name": job.module_name,
        "time_limit_ms": u64::try_from(job.time_limit.as_millis()).unwrap_or(u64::MAX),
        "memory_limit_mb": job.memory_limit_mb,
        "output_limit_bytes": output_limit_bytes,
    });
    let mut bytes = serde_json::to_vec(&request).context("encoding the runner request")?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// 128 random bits as 32 hex characters: the secret that authenticates the result line.
pub(crate) fn new_nonce() -> String {
    rand::random::<[u8; 16]>()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The feedback for a run stopped by the host's wall clock.
pub(crate) fn time_limit_feedback(job: &Job) -> String {
    format!(
        "Your program took longer than the time limit of {:.1} s",
        job.time_limit.as_secs_f64()
    )
}

/// The feedback for a run whose output went past the cap.
pub(crate) const OUTPUT_LIMIT_FEEDBACK: &str = "Your program printed too much";
/// The feedback for a run the kernel stopped for its memory use.
pub(crate) const MEMORY_LIMIT_FEEDBACK: &str =
    "Your program was stopped because it used too much memory";
