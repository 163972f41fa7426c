//! Grading one delivered stream entry, from taking the row to acknowledging the entry.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::{anyhow, Context};
use contract::keys::{Lane, Queue};
use contract::submission::Views;
use contract::Status;
use redis::aio::ConnectionManager;
use tracing::instrument;
use uuid::Uuid;

use crate::queue::{self, Entry, Takeover};
use crate::store::{self, Outcome, Take, Taken};
use crate::Shared;

/// The pause before a job that failed in a working sandbox goes back on the stream.
const RETRY_PAUSE: Duration = Duration::from_millis(500);
/// The pause before a job goes back while the sandbox itself is down.
const SICK_PAUSE: Duration = Duration::from_secs(5);

/// Grades one entry. A platform failure is logged; the job is handed back for a retry (or,
/// when even that fails, left pending for a reclaim).
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
    let config = &shared.config;
    let keys = &config.keys;
    let Some(id) = entry.submission_id else {
        tracing::warn!("entry has no valid submission id; dropping it");
        return Ok(queue::ack(&mut redis, keys, entry.queue, &entry.id).await?);
    };
    let started = Instant::now();
    let Some(mut taken) = take(shared, &mut redis, entry, id).await? else {
        return Ok(());
    };
    taken.job.background = entry.queue.lane == Lane::Bulk;
    if taken.failures >= config.max_attempts {
        tracing::warn!(
            failures = taken.failures,
            "delivery limit reached; storing an error"
        );
        return finish(shared, &mut redis, entry, id, Outcome::gave_up(), started).await;
    }
    if taken.crashes >= config.max_crashes {
        tracing::warn!(
            crashes = taken.crashes,
            "graders died grading this submission alone; storing an error"
        );
        return finish(shared, &mut redis, entry, id, Outcome::crashed(), started).await;
    }
    tracing::info!(attempts = taken.attempts, "grading");
    let running = Views::same(taken.submission.clone());
    if let Err(err) = queue::publish(&mut redis, keys, &running).await {
        // Events are a convenience: clients re-read state over REST on reconnect.
        tracing::warn!(error = ?anyhow!(err), "publishing the running event failed");
    }

    let limit = taken.job.wall_limit();
    shared
        .longest_time_limit_ms
        .fetch_max(limit.as_millis() as u64, Ordering::Relaxed);
    let sandbox = shared.sandbox.name();
    let grade = match tokio::time::timeout(
        limit * 2 + crate::sandbox::SLACK,
        shared.sandbox.run(&taken.job),
    )
    .await
    {
        Ok(Ok(grade)) if grade.status != Status::Error => grade,
        // The runner itself misbehaved: the platform's fault, retried like any other
        // platform failure instead of being shown to the learner.
        Ok(Ok(grade)) => {
            let error = anyhow!("the sandbox reported a runner error: {}", grade.feedback);
            return Err(hand_back(shared, &mut redis, entry, id, true, error).await);
        }
        Ok(Err(err)) => {
            let error = err.context(format!("running the {sandbox} sandbox"));
            let charge = shared.sandbox.check().await.is_ok();
            return Err(hand_back(shared, &mut redis, entry, id, charge, error).await);
        }
        Err(_) => {
            let error = anyhow!("the {sandbox} sandbox did not return in time");
            let charge = shared.sandbox.check().await.is_ok();
            return Err(hand_back(shared, &mut redis, entry, id, charge, error).await);
        }
    };
    finish(
        shared,
        &mut redis,
        entry,
        id,
        Outcome::from_grade(grade).hiding(&taken.visibility),
        started,
    )
    .await
}

/// Takes the entry's submission, breaking the lease of a grader known to be dead. `None`
/// when there is nothing to grade now (the row is final, or a live grader holds it).
async fn take(
    shared: &Shared,
    redis: &mut ConnectionManager,
    entry: &Entry,
    id: Uuid,
) -> anyhow::Result<Option<Box<Taken>>> {
    let config = &shared.config;
    let (db, me, lease) = (&shared.db, &config.consumer, config.visibility_timeout);
    let mut found = store::take(db, id, lease, me, entry.takeover.as_ref())
        .await
        .context("taking the submission")?;
    if let Take::Busy {
        holder: Some(holder),
    } = &found
    {
        // A lease held by a grader whose heartbeat has expired is not waited out: that
        // grader is gone, and its job is taken over now (blaming the submission for none
        // of it: whether the grader held other jobs is not known here).
        if holder != me && !queue::is_alive(redis, &config.keys, holder).await? {
            tracing::info!(%holder, "the grader holding this submission is dead; taking it over");
            let takeover = Takeover {
                from: holder.clone(),
                solo: false,
            };
            found = store::take(db, id, lease, me, Some(&takeover))
                .await
                .context("taking over the submission")?;
        }
    }
    match found {
        Take::Taken(taken) => Ok(Some(taken)),
        Take::Closed => {
            tracing::info!("submission is missing or already graded; acknowledging");
            queue::ack(redis, &config.keys, entry.queue, &entry.id).await?;
            Ok(None)
        }
        Take::Busy { .. } => {
            // Acknowledging could lose the job if the other delivery's grader dies; left
            // pending, the entry is looked at again when that grader is known dead, or
            // after the visibility timeout.
            tracing::info!("another delivery is grading this submission; leaving it pending");
            shared.metrics.record_busy_delivery();
            Ok(None)
        }
    }
}

/// After a platform failure: gives the lease back (counting the failure against the
/// submission when `charge`: the sandbox works, so this job is what failed) and puts the
/// job back on the stream after a pause, for any grader to retry. Returns `error`, for the
/// caller to report; if giving back fails, the entry stays pending for a reclaim.
async fn hand_back(
    shared: &Shared,
    redis: &mut ConnectionManager,
    entry: &Entry,
    id: Uuid,
    charge: bool,
    error: anyhow::Error,
) -> anyhow::Error {
    // A sandbox that is down is not hammered: the slot waits before the job goes back.
    let pause = if charge { RETRY_PAUSE } else { SICK_PAUSE };
    if let Err(err) = give_back(shared, redis, entry.queue, &entry.id, id, charge, pause).await {
        return error.context(format!("giving the job back failed too: {err:#}"));
    }
    error.context(if charge {
        "handed back for a retry (counted against the submission)"
    } else {
        "handed back for a retry (the sandbox is down; not counted)"
    })
}

/// Releases the lease this grader holds on submission `id` (counting a failure when
/// `charge`) and, after `pause`, replaces delivery `entry_id` by a new entry, so any grader
/// takes the job at once. On an error the entry stays pending for a reclaim.
pub(crate) async fn give_back(
    shared: &Shared,
    redis: &mut ConnectionManager,
    queue: Queue,
    entry_id: &str,
    id: Uuid,
    charge: bool,
    pause: Duration,
) -> anyhow::Result<()> {
    store::release(&shared.db, id, &shared.config.consumer, charge)
        .await
        .context("giving the lease back")?;
    tokio::time::sleep(pause).await;
    queue::requeue(redis, &shared.config.keys, queue, entry_id, id)
        .await
        .context("re-enqueueing")?;
    Ok(())
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
    let stored = match store::finish(&shared.db, id, &outcome).await {
        Err(err) if store::is_unstorable(&err) => {
            // Retrying cannot make these values storable: the learner gets a clear error
            // now instead of a submission that stays open until the delivery limit.
            tracing::error!(error = ?anyhow!(err), "the result cannot be stored; storing an error");
            store::finish(&shared.db, id, &Outcome::unstorable()).await
        }
        other => other,
    }
    .context("storing the result")?;
    match stored {
        Some(views) => {
            let status = views.teacher.status;
            shared.metrics.record_final(status, started.elapsed());
            tracing::info!(status = status.as_str(), "graded");
            if let Err(err) = queue::publish(redis, keys, &views).await {
                tracing::warn!(error = ?anyhow!(err), "publishing the result failed");
            }
            // A pass completes an assignment; a regrade's verdict may also take a pass back.
            if status == Status::Passed || entry.queue.lane == Lane::Bulk {
                if let Err(err) =
                    queue::invalidate_progress(redis, keys, views.teacher.user_id).await
                {
                    tracing::error!(error = ?anyhow!(err), "dropping the progress cache failed");
                }
            }
        }
        None => tracing::info!("another delivery stored a result first"),
    }
    queue::ack(redis, keys, entry.queue, &entry.id)
        .await
        .context("acknowledging the entry")?;
    Ok(())
}
