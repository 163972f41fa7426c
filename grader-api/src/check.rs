//! Checks: code graded against tests that are not stored (a teacher's draft), asked for
//! by the API through the work stream and answered on a Redis list the API waits on. A
//! check owns no row: nothing is leased, retried or published. If a grader dies during
//! one, a takeover runs it again; the API stops waiting after its own bound.

use std::time::Duration;

use anyhow::Context;
use contract::Status;
use redis::aio::ConnectionManager;
use tracing::instrument;
use uuid::Uuid;
use wire::admin::{CheckRequest, CheckResult};

use crate::queue::{self, Entry};
use crate::sandbox::Job;
use crate::Shared;

/// The longest limits a check may ask for (the API refuses more before it asks).
const MAX_TIME_LIMIT: Duration = Duration::from_secs(60);
const MAX_MEMORY_MB: u32 = 1024;

/// Runs the check an entry asks for. A failure is logged; the entry stays pending.
pub(crate) async fn handle(shared: &Shared, entry: &Entry, id: Uuid) {
    let _in_flight = shared.metrics.in_flight();
    let mut redis = shared.redis.clone();
    if let Err(err) = run(shared, &mut redis, entry, id).await {
        shared.metrics.record_platform_failure();
        tracing::error!(error = ?err, check = %id, "check failed; its entry stays pending");
    }
}

#[instrument(skip_all, fields(entry = %entry.id, check = %id))]
async fn run(
    shared: &Shared,
    redis: &mut ConnectionManager,
    entry: &Entry,
    id: Uuid,
) -> anyhow::Result<()> {
    let keys = &shared.config.keys;
    let request: Option<String> = redis::cmd("GET")
        .arg(keys.check_request(id))
        .query_async(redis)
        .await
        .context("reading the check's request")?;
    let request = request.map(|text| serde_json::from_str::<CheckRequest>(&text));
    let request = match request {
        Some(Ok(request)) => request,
        Some(Err(err)) => {
            tracing::warn!(error = %err, "a check's request is not readable; dropping it");
            return Ok(queue::ack(redis, keys, entry.queue, &entry.id).await?);
        }
        None => {
            tracing::info!("the check's request expired; nobody waits for it any more");
            return Ok(queue::ack(redis, keys, entry.queue, &entry.id).await?);
        }
    };
    let Some(language) = course::languages::get(&request.language) else {
        let cause = format!(
            "the language {:?} is not one this grader knows",
            request.language
        );
        return unanswered(redis, shared, entry, cause).await;
    };
    let job = Job {
        code: request.code,
        test_code: request.test_code,
        module_name: request.module_name,
        language,
        io_cases: request.io_cases,
        time_limit: Duration::from_millis(u64::try_from(request.time_limit_ms).unwrap_or(0))
            .min(MAX_TIME_LIMIT),
        memory_limit_mb: u32::try_from(request.memory_limit_mb)
            .unwrap_or(0)
            .min(MAX_MEMORY_MB),
        // A teacher waits on it.
        background: false,
    };
    let limit = job.wall_limit() * 2 + crate::sandbox::SLACK;
    let grade = match tokio::time::timeout(limit, shared.sandbox.run(&job)).await {
        Ok(Ok(grade)) => grade,
        // The platform failed, not the draft: no answer, so the API's wait ends with a
        // 503 the teacher can retry, rather than a verdict on tests that never ran.
        Ok(Err(err)) => return unanswered(redis, shared, entry, format!("{err:#}")).await,
        Err(_) => {
            let cause = "the sandbox did not finish in time".to_owned();
            return unanswered(redis, shared, entry, cause).await;
        }
    };
    // For a stored assignment a runner error is the platform's (its tests once passed
    // their reference); for a draft it is what the draft's tests do.
    let feedback = if grade.status == Status::Error {
        "The tests could not run: they define no test, or fail to load. Run them with the \
         reference solution on your machine first."
            .to_owned()
    } else {
        grade.feedback
    };
    let result = CheckResult {
        status: grade.status,
        verdict: grade.verdict,
        tests: grade.tests,
        feedback,
        duration_ms: i64::try_from(grade.duration.as_millis()).unwrap_or(i64::MAX),
    };
    tracing::info!(status = result.status.as_str(), "check done");
    let result = serde_json::to_string(&result).context("a check result serializes")?;
    let result_key = keys.check_result(id);
    redis::pipe()
        .cmd("RPUSH")
        .arg(&result_key)
        .arg(result)
        .ignore()
        .cmd("EXPIRE")
        .arg(&result_key)
        .arg(contract::keys::CHECK_TTL_SECS)
        .ignore()
        .query_async::<()>(redis)
        .await
        .context("storing the check's result")?;
    Ok(queue::ack(redis, keys, entry.queue, &entry.id).await?)
}

/// A check the platform could not run: logged and dropped unanswered.
async fn unanswered(
    redis: &mut ConnectionManager,
    shared: &Shared,
    entry: &Entry,
    cause: String,
) -> anyhow::Result<()> {
    tracing::error!(
        cause,
        "a check could not run; the API's wait will end unanswered"
    );
    shared.metrics.record_platform_failure();
    Ok(queue::ack(redis, &shared.config.keys, entry.queue, &entry.id).await?)
}
