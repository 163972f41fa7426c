//! Grading one delivered stream entry, from taking the row to acknowledging the entry.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context};
use contract::Status;
use redis::aio::ConnectionManager;
use tracing::instrument;
use uuid::Uuid;

use crate::queue::{self, Entry};
use crate::store::{self, Outcome, Take};
use crate::Shared;

/// Extra time a sandbox gets beyond twice the assignment's limit before the grader
/// stops waiting for it (container start-up and clean-up included).
const SANDBOX_SLACK: Duration = Duration::from_secs(30);

/// Grades one entry. A platform failure is logged and leaves the entry pending, so it
/// is reclaimed and retried (here or by another grader) after the visibility timeout.
#[instrument(skip_all, fields(entry = %entry.id, submission = ?entry.submission_id))]
pub(crate) async fn handle(shared: &Shared, entry: &Entry) {
    let _in_flight = shared.metrics.in_flight();
    if let Err(err) = process(shared, entry).await {
        shared.metrics.record_platform_failure();
        tracing::error!(error = ?err, "job failed; it stays pending for a retry");
    }
}

async fn process(shared: &Shared, entry: &Entry) -> anyhow::Result<()> {
    let mut redis = shared.redis.clone();
    let keys = &shared.config.keys;
    let Some(id) = entry.submission_id else {
        tracing::warn!("entry has no valid submission id; dropping it");
        return Ok(queue::ack(&mut redis, keys, &entry.id).await?);
    };
    let started = Instant::now();
    let taken = match store::take(&shared.db, id, shared.config.visibility_timeout)
        .await
        .context("taking the submission")?
    {
        Take::Taken(taken) => taken,
        Take::Closed => {
            tracing::info!("submission is missing or already graded; acknowledging");
            return Ok(queue::ack(&mut redis, keys, &entry.id).await?);
        }
        Take::Busy => {
            // Acknowledging could lose the job if the other delivery's grader dies; left
            // pending, the entry is reclaimed again after the visibility timeout.
            tracing::info!("another delivery is grading this submission; leaving it pending");
            shared.metrics.record_busy_delivery();
            return Ok(());
        }
    };
    if taken.attempts > shared.config.max_attempts {
        tracing::warn!(
            attempts = taken.attempts,
            "delivery limit reached; storing an error"
        );
        return finish(shared, &mut redis, entry, id, Outcome::gave_up(), started).await;
    }
    tracing::info!(attempts = taken.attempts, "grading");
    if let Err(err) = queue::publish(&mut redis, keys, &taken.submission).await {
        // Events are a convenience: clients re-read state over REST on reconnect.
        tracing::warn!(error = ?anyhow!(err), "publishing the running event failed");
    }

    let limit = taken.job.time_limit;
    shared
        .longest_time_limit_ms
        .fetch_max(limit.as_millis() as u64, Ordering::Relaxed);
    let grade = tokio::time::timeout(limit * 2 + SANDBOX_SLACK, shared.sandbox.run(&taken.job))
        .await
        .map_err(|_| {
            anyhow!(
                "the {} sandbox did not return in time",
                shared.sandbox.name()
            )
        })?
        .with_context(|| format!("running the {} sandbox", shared.sandbox.name()))?;
    if grade.status == Status::Error {
        // The runner itself misbehaved: the platform's fault, so it is retried like any
        // other platform failure instead of being shown to the learner.
        bail!("the sandbox reported a runner error: {}", grade.feedback);
    }
    finish(
        shared,
        &mut redis,
        entry,
        id,
        Outcome::from_grade(grade),
        started,
    )
    .await
}

/// Stores `outcome` if the row is still open, publishes it, and acknowledges the entry.
async fn finish(
    shared: &Shared,
    redis: &mut ConnectionManager,
    entry: &Entry,
    id: Uuid,
    outcome: Outcome,
    started: Instant,
) -> anyhow::Result<()> {
    let keys = &shared.config.keys;
    let stored = store::finish(&shared.db, id, &outcome)
        .await
        .context("storing the result")?;
    match stored {
        Some(submission) => {
            shared
                .metrics
                .record_final(submission.status, started.elapsed());
            tracing::info!(status = submission.status.as_str(), "graded");
            if let Err(err) = queue::publish(redis, keys, &submission).await {
                tracing::warn!(error = ?anyhow!(err), "publishing the result failed");
            }
            if submission.status == Status::Passed {
                if let Err(err) = queue::invalidate_progress(redis, keys, submission.user_id).await
                {
                    tracing::error!(error = ?anyhow!(err), "dropping the progress cache failed");
                }
            }
        }
        None => tracing::info!("another delivery stored a result first"),
    }
    queue::ack(redis, keys, &entry.id)
        .await
        .context("acknowledging the entry")?;
    Ok(())
}
