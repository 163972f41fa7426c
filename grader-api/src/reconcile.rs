//! The reconciler: puts open submissions back on the stream when Redis lost them.
//!
//! Postgres is the source of truth, the stream only carries work. When Redis restarts
//! without its data, is flushed, or loses the stream, submissions whose entries are gone
//! would stay `queued` (or `running`) forever. Every [`ReconcileConfig::interval`] each
//! grader tries one pass; the rules of a pass are:
//!
//! 1. One pass at a time across all graders: a pass runs inside a Postgres transaction
//!    that holds `pg_try_advisory_xact_lock(RECONCILE_LOCK)`. A grader that does not get
//!    the lock skips the pass; the lock is released when the transaction ends, also when
//!    the grader dies mid-pass.
//! 2. The consumer group (and stream) is recreated first if Redis lost it.
//! 3. The stream's live submissions are read *before* the database: the entries not yet
//!    delivered to the group (after its last-delivered id) and the entries delivered but
//!    not acknowledged (the pending list). Reading Redis first means an entry that moves
//!    from "new" to "pending" meanwhile is still seen, and a row that is stored as final
//!    meanwhile is at worst re-enqueued once, which grading ignores.
//! 4. Candidates are rows `queued` (since `queued_at`) for longer than [`ReconcileConfig::queued_age`] (and
//!    `running` rows whose lease was given back as long, see `store::release`), and rows
//!    `running` whose `started_at` is older than twice their assignment's time
//!    limit plus [`ReconcileConfig::running_grace`] (a grader would have given up on
//!    them by then).
//! 5. Every candidate not among the live submissions of either lane gets a new entry
//!    (`XADD`) on its own lane.
//!
//! A duplicate entry is harmless: `take` only takes a `queued` row or a `running` row
//! whose lease (the visibility timeout) has run out, so a second delivery of a row
//! that another grader is grading is left pending rather than graded twice, and a
//! delivery of a final row is acknowledged without change.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use contract::keys::{Lane, GRADER_GROUP};
use contract::Keys;
use redis::aio::ConnectionManager;
use redis::streams::{StreamInfoGroupsReply, StreamPendingCountReply, StreamRangeReply};
use sqlx::PgPool;
use tokio_util::sync::CancellationToken;
use tracing::instrument;
use uuid::Uuid;

use crate::queue::{self, Entry};
use crate::Shared;

/// The advisory lock key that elects the one grader reconciling at a time
/// (the bytes of "cpreconc").
pub const RECONCILE_LOCK: i64 = 0x6370_7265_636f_6e63;

/// How many stream entries one Redis read returns while scanning.
const PAGE: usize = 1000;

/// When and what the reconciler re-enqueues; see the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReconcileConfig {
    /// Time between two passes (`GRADER_RECONCILE_INTERVAL_MS`, default 10000).
    pub interval: Duration,
    /// How long a row must have been `queued` before it counts as lost
    /// (`GRADER_RECONCILE_AGE_MS`, default 10000).
    pub queued_age: Duration,
    /// Added to twice the assignment's time limit: how long a row may be `running`
    /// before it counts as lost (`GRADER_RECONCILE_RUNNING_GRACE_MS`, default 60000).
    pub running_grace: Duration,
}

impl Default for ReconcileConfig {
    fn default() -> Self {
        ReconcileConfig {
            interval: Duration::from_secs(10),
            queued_age: Duration::from_secs(10),
            running_grace: Duration::from_secs(60),
        }
    }
}

/// One reconciliation pass. Returns how many submissions it re-enqueued; 0 also when
/// another grader holds the lock.
#[instrument(skip_all, fields(prefix = %keys.prefix()))]
pub async fn run_once(
    db: &PgPool,
    redis: &mut ConnectionManager,
    keys: &Keys,
    config: &ReconcileConfig,
) -> anyhow::Result<usize> {
    let mut tx = db
        .begin()
        .await
        .context("starting the reconcile transaction")?;
    let leader = sqlx::query_scalar!(
        r#"SELECT pg_try_advisory_xact_lock($1) AS "leader!""#,
        RECONCILE_LOCK
    )
    .fetch_one(&mut *tx)
    .await
    .context("taking the reconcile lock")?;
    if !leader {
        tracing::debug!("another grader is reconciling");
        return Ok(0);
    }
    queue::ensure_group(redis, keys)
        .await
        .context("recreating the consumer group")?;
    let mut live = HashSet::new();
    for lane in Lane::ALL {
        live.extend(
            live_submissions(redis, keys, lane)
                .await
                .context("reading the stream")?,
        );
    }
    let candidates = sqlx::query!(
        r#"SELECT s.id, s.lane AS "lane: Lane" FROM submissions s
           JOIN assignments a ON a.id = s.assignment_id
           WHERE (s.status IN ('queued', 'running') AND s.started_at IS NULL
                  AND s.queued_at < now() - $1::bigint * interval '1 millisecond')
              OR (s.status = 'running' AND s.started_at < now()
                  - ($2 + 2 * a.time_limit_ms::bigint) * interval '1 millisecond')
           ORDER BY s.queued_at"#,
        millis(config.queued_age),
        millis(config.running_grace)
    )
    .fetch_all(&mut *tx)
    .await
    .context("finding open submissions")?;
    let lost: Vec<(Uuid, Lane)> = candidates
        .into_iter()
        .filter(|row| !live.contains(&row.id))
        .map(|row| (row.id, row.lane))
        .collect();
    for (id, lane) in &lost {
        let _: String = contract::keys::enqueue(keys, *lane, *id)
            .query_async(redis)
            .await
            .context("re-enqueueing a submission")?;
    }
    tx.commit()
        .await
        .context("ending the reconcile transaction")?;
    if !lost.is_empty() {
        tracing::warn!(
            count = lost.len(),
            "re-enqueued submissions missing from the stream"
        );
    }
    Ok(lost.len())
}

/// Runs a pass every `interval` until `shutdown`; failures are logged and retried at
/// the next pass.
pub(crate) async fn periodically(shared: Arc<Shared>, shutdown: CancellationToken) {
    let config = &shared.config.reconcile;
    let mut redis = shared.redis.clone();
    loop {
        tokio::select! {
            () = tokio::time::sleep(config.interval) => {}
            () = shutdown.cancelled() => return,
        }
        match run_once(&shared.db, &mut redis, &shared.config.keys, config).await {
            Ok(count) => shared.metrics.record_reconciled(count),
            Err(err) => {
                tracing::warn!(error = ?err, "reconcile pass failed; retrying at the next one");
            }
        }
    }
}

/// Submission ids of every entry of `lane` not yet delivered or delivered and not
/// acknowledged.
async fn live_submissions(
    redis: &mut ConnectionManager,
    keys: &Keys,
    lane: Lane,
) -> anyhow::Result<HashSet<Uuid>> {
    let stream = keys.stream(lane);
    let groups: StreamInfoGroupsReply = redis::cmd("XINFO")
        .arg("GROUPS")
        .arg(&stream)
        .query_async(redis)
        .await?;
    let last_delivered = groups
        .groups
        .into_iter()
        .find(|group| group.name == GRADER_GROUP)
        .map_or_else(|| "0-0".to_owned(), |group| group.last_delivered_id);
    let mut live = HashSet::new();
    // New entries, page by page; `(` makes each start exclusive.
    let mut start = format!("({last_delivered}");
    loop {
        let page: StreamRangeReply = redis::cmd("XRANGE")
            .arg(&stream)
            .arg(&start)
            .arg("+")
            .arg("COUNT")
            .arg(PAGE)
            .query_async(redis)
            .await?;
        let Some(last) = page.ids.last().map(|entry| entry.id.clone()) else {
            break;
        };
        let full = page.ids.len() == PAGE;
        live.extend(
            page.ids
                .into_iter()
                .filter_map(|e| Entry::new(lane, e).submission_id),
        );
        if !full {
            break;
        }
        start = format!("({last}");
    }
    // Pending entries: their ids from XPENDING, their fields from XRANGE.
    let mut start = "-".to_owned();
    loop {
        let pending: StreamPendingCountReply = redis::cmd("XPENDING")
            .arg(&stream)
            .arg(GRADER_GROUP)
            .arg(&start)
            .arg("+")
            .arg(PAGE)
            .query_async(redis)
            .await?;
        let Some(last) = pending.ids.last().map(|entry| entry.id.clone()) else {
            break;
        };
        let full = pending.ids.len() == PAGE;
        for entry in &pending.ids {
            let found: StreamRangeReply = redis::cmd("XRANGE")
                .arg(&stream)
                .arg(&entry.id)
                .arg(&entry.id)
                .query_async(redis)
                .await?;
            live.extend(
                found
                    .ids
                    .into_iter()
                    .filter_map(|e| Entry::new(lane, e).submission_id),
            );
        }
        if !full {
            break;
        }
        start = format!("({last}");
    }
    Ok(live)
}

fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}
