//! The reconciler: puts open submissions back on the stream when Redis lost them.
//!
//! Postgres is the source of truth, the stream only carries work. When Redis restarts
//! without its data, is flushed, or loses the stream, submissions whose entries are gone
//! would stay `queued` (or `running`) forever. Every [`ReconcileConfig::interval`] each
//! grader tries one pass for each of its languages; the rules of a pass are:
//!
//! 1. One pass of a language at a time across all graders: a pass runs inside a Postgres
//!    transaction that holds `pg_try_advisory_xact_lock(lock_key(language))`. A grader
//!    that does not get the lock skips the language; the lock is released when the
//!    transaction ends, also when the grader dies mid-pass.
//! 2. The consumer group (and stream) is recreated first if Redis lost it.
//! 3. The stream's live submissions are read *before* the database: the entries not yet
//!    delivered to the group (after its last-delivered id) and the entries delivered but
//!    not acknowledged (the pending list). Reading Redis first means an entry that moves
//!    from "new" to "pending" meanwhile is still seen, and a row that is stored as final
//!    meanwhile is at worst re-enqueued once, which grading ignores.
//! 4. Candidates are the language's rows `queued` (since `queued_at`) for longer than [`ReconcileConfig::queued_age`] (and
//!    `running` rows whose lease was given back as long, see `store::release`), and rows
//!    `running` whose `started_at` is older than twice their assignment's time
//!    limit plus [`ReconcileConfig::running_grace`] (a grader would have given up on
//!    them by then).
//! 5. Every candidate not among the live submissions of either of the language's streams
//!    gets a new entry (`XADD`) on the stream of its lane.
//!
//! A duplicate entry is harmless: `take` only takes a `queued` row or a `running` row
//! whose lease (the visibility timeout) has run out, so a second delivery of a row
//! that another grader is grading is left pending rather than graded twice, and a
//! delivery of a final row is acknowledged without change.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use contract::keys::{Lane, Queue, GRADER_GROUP};
use contract::Keys;
use course::languages::Language;
use redis::aio::ConnectionManager;
use redis::streams::{StreamInfoGroupsReply, StreamPendingCountReply, StreamRangeReply};
use sqlx::PgPool;
use tokio_util::sync::CancellationToken;
use tracing::instrument;
use uuid::Uuid;

use crate::queue::{self, Entry};
use crate::Shared;

/// The base of the advisory lock keys that elect the one grader reconciling a language at
/// a time (the bytes of "cpreconc"; see [`lock_key`]).
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

/// The advisory lock that elects the one grader reconciling `language` at a time.
pub fn lock_key(language: &str) -> i64 {
    // FNV-1a of the name, mixed into the base key: stable across processes and builds.
    let hash = language
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    RECONCILE_LOCK ^ (hash as i64)
}

/// One reconciliation pass over `languages`. Returns how many submissions it
/// re-enqueued; a language another grader is reconciling counts 0.
#[instrument(skip_all, fields(prefix = %keys.prefix()))]
pub async fn run_once(
    db: &PgPool,
    redis: &mut ConnectionManager,
    keys: &Keys,
    config: &ReconcileConfig,
    languages: &[&'static Language],
) -> anyhow::Result<usize> {
    let mut count = 0;
    for language in languages {
        count += run_language(db, redis, keys, config, language.name.as_str()).await?;
    }
    Ok(count)
}

async fn run_language(
    db: &PgPool,
    redis: &mut ConnectionManager,
    keys: &Keys,
    config: &ReconcileConfig,
    language: &'static str,
) -> anyhow::Result<usize> {
    let mut tx = db
        .begin()
        .await
        .context("starting the reconcile transaction")?;
    let leader = sqlx::query_scalar!(
        r#"SELECT pg_try_advisory_xact_lock($1) AS "leader!""#,
        lock_key(language)
    )
    .fetch_one(&mut *tx)
    .await
    .context("taking the reconcile lock")?;
    if !leader {
        tracing::debug!(language, "another grader is reconciling");
        return Ok(0);
    }
    let queues = Lane::ALL.map(|lane| Queue { language, lane });
    queue::ensure_group(redis, keys, &queues)
        .await
        .context("recreating the consumer group")?;
    let mut live = HashSet::new();
    for queue in queues {
        live.extend(
            live_submissions(redis, keys, queue)
                .await
                .context("reading the stream")?,
        );
    }
    let candidates = sqlx::query!(
        r#"SELECT s.id, s.lane AS "lane: Lane" FROM submissions s
           JOIN assignments a ON a.id = s.assignment_id
           WHERE a.language = $3
             AND ((s.status IN ('queued', 'running') AND s.started_at IS NULL
                   AND s.queued_at < now() - $1::bigint * interval '1 millisecond')
               OR (s.status = 'running' AND s.started_at < now()
                   - ($2 + 2 * a.time_limit_ms::bigint) * interval '1 millisecond'))
           ORDER BY s.queued_at"#,
        millis(config.queued_age),
        millis(config.running_grace),
        language
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
        let queue = Queue {
            language,
            lane: *lane,
        };
        let _: String = contract::keys::enqueue(keys, queue, *id)
            .query_async(redis)
            .await
            .context("re-enqueueing a submission")?;
    }
    tx.commit()
        .await
        .context("ending the reconcile transaction")?;
    if !lost.is_empty() {
        tracing::warn!(
            language,
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
        let languages = &shared.config.languages;
        match run_once(
            &shared.db,
            &mut redis,
            &shared.config.keys,
            config,
            languages,
        )
        .await
        {
            Ok(count) => shared.metrics.record_reconciled(count),
            Err(err) => {
                tracing::warn!(error = ?err, "reconcile pass failed; retrying at the next one");
            }
        }
    }
}

/// Submission ids of every entry of `queue` not yet delivered or delivered and not
/// acknowledged.
async fn live_submissions(
    redis: &mut ConnectionManager,
    keys: &Keys,
    queue: Queue,
) -> anyhow::Result<HashSet<Uuid>> {
    let stream = keys.stream(queue);
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
                .filter_map(|e| Entry::new(queue, e).submission_id),
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
                    .filter_map(|e| Entry::new(queue, e).submission_id),
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
