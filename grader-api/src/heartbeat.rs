//! Knowing within seconds that a grader died, and taking its jobs over then.
//!
//! Every grader renews a key with a short expiry ([`contract::Keys::grader_heartbeat`]).
//! A consumer of the stream that holds pending entries but has no key is dead: its entries
//! are claimed by a live grader at once, instead of after the visibility timeout, and the
//! rows' leases (which name the dead grader) are broken for them. Whether the dead grader
//! held one job or several decides whether the death counts against the submission (see
//! [`crate::store::take`]).

use std::sync::Arc;
use std::time::Duration;

use contract::keys::Queue;
use redis::aio::ConnectionManager;
use uuid::Uuid;
use wire::stats::GraderStats;

use crate::queue::{self, Entry};
use crate::{job, Shared};

/// A grader is dead once this many beats were missed.
const MISSED_BEATS: u32 = 3;

/// The expiry of a heartbeat: a grader this long silent is dead.
pub(crate) fn ttl(interval: Duration) -> Duration {
    interval * MISSED_BEATS
}

/// Renews this grader's heartbeat for as long as the task lives: the worker aborts it
/// after draining (jobs that still run are this grader's until then) and removes the key.
pub(crate) async fn beat(shared: Arc<Shared>) {
    let config = &shared.config;
    let mut redis = shared.redis.clone();
    let mut ticks = tokio::time::interval(config.heartbeat_interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let ttl = ttl(config.heartbeat_interval);
        let status = GraderStats {
            name: config.consumer.clone(),
            languages: config
                .languages
                .iter()
                .map(|language| language.name.clone())
                .collect(),
            slots: i64::try_from(config.slots).unwrap_or(i64::MAX),
            busy: shared.metrics.busy(),
            last_seen: chrono::Utc::now(),
        };
        let status = serde_json::to_string(&status).expect("a grader's status serializes");
        if let Err(err) =
            queue::beat(&mut redis, &config.keys, &config.consumer, ttl, &status).await
        {
            tracing::warn!(error = ?err, "renewing the heartbeat failed");
        }
    }
}

/// Entries pending under this grader's own name at start-up: an earlier process of the
/// same name died holding them.
pub(crate) async fn own_leftovers(shared: &Shared, reader: &mut ConnectionManager) -> Vec<Entry> {
    let config = &shared.config;
    let me = &config.consumer;
    let mut leftovers = Vec::new();
    for queue in config.all_queues() {
        match queue::take_over(reader, &config.keys, queue, me, me, Duration::ZERO).await {
            Ok(entries) => {
                if !entries.is_empty() {
                    tracing::info!(
                        count = entries.len(),
                        stream = %config.keys.stream(queue),
                        "taking over what an earlier process of this name left"
                    );
                }
                leftovers.extend(entries);
            }
            Err(err) => {
                // The scan for dead graders finds them later: this name has no heartbeat then.
                tracing::warn!(error = ?err, "reading this name's leftovers failed");
            }
        }
    }
    leftovers
}

/// Every entry held by a dead grader, now this grader's to run.
pub(crate) async fn take_over_the_dead(
    shared: &Shared,
    reader: &mut ConnectionManager,
) -> anyhow::Result<Vec<Entry>> {
    let config = &shared.config;
    let me = &config.consumer;
    let mut taken = Vec::new();
    for queue in config.all_queues() {
        for (dead, held) in queue::dead_consumers(reader, &config.keys, queue, me).await? {
            // Another live grader that claimed these in the last heartbeat period keeps them.
            let entries = queue::take_over(
                reader,
                &config.keys,
                queue,
                me,
                &dead,
                ttl(config.heartbeat_interval),
            )
            .await?;
            if !entries.is_empty() {
                tracing::info!(%dead, held, taken = entries.len(),
                    stream = %config.keys.stream(queue), "taking over a dead grader's jobs");
                shared.metrics.record_takeovers(entries.len());
            }
            taken.extend(entries);
        }
    }
    // Interactive work first, also among the dead's.
    taken.sort_by_key(|entry: &Entry| entry.queue.lane);
    Ok(taken)
}

/// Gives back jobs a shutdown cut off: leases released uncharged and entries requeued,
/// so another grader starts them at once. What fails stays pending for a reclaim.
pub(crate) async fn hand_back_all(shared: &Shared, cut_off: Vec<((Queue, String), Option<Uuid>)>) {
    let mut redis = shared.redis.clone();
    for ((queue, entry), submission) in cut_off {
        let Some(submission) = submission else {
            continue;
        };
        match job::give_back(
            shared,
            &mut redis,
            queue,
            &entry,
            submission,
            false,
            Duration::ZERO,
        )
        .await
        {
            Ok(()) => tracing::info!(%submission, "handed back a job the shutdown cut off"),
            Err(err) => {
                tracing::warn!(%submission, error = ?err, "handing back failed; it stays pending")
            }
        }
    }
}
