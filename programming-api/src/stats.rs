//! What teachers watch, read from the database and Redis (never estimated): the figures
//! of `GET /api/admin/stats`, the dashboard's history, and each queued submission's place
//! in line.
//!
//! [`tick`] runs in every API process, once a second; one process a second wins the
//! round (`SET NX` in Redis) and then, while some relay says admins are watching,
//! publishes a `stats` frame on the admins' channel; every 5 s it stores a history
//! sample; and it publishes a `queued` frame for each submission whose place in line
//! changed (so a learner sees it move at most once a second).

use std::collections::HashMap;
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use contract::keys::{Lane, Queue};
use contract::messages::Event;
use contract::submission::SubmissionRow;
use contract::{Status, Submission, TestResult, Verdict};
use uuid::Uuid;
use wire::stats::{
    AssignmentStats, GraderStats, LaneStats, Latency, QueueStats, Stats, StatsHistory, StatsSample,
};

use crate::line::QueueModel;
use crate::state::AppState;

/// How often each process tries to run a round.
const TICK: Duration = Duration::from_secs(1);
/// Graders not seen for this long are left out of the stats (and forgotten after
/// [`GRADER_FORGOTTEN`]).
const GRADER_SHOWN: chrono::Duration = chrono::Duration::seconds(60);
const GRADER_FORGOTTEN: chrono::Duration = chrono::Duration::minutes(10);
/// A grader whose heartbeat is this fresh counts for the queue's throughput.
const GRADER_ALIVE: chrono::Duration = chrono::Duration::seconds(5);
/// What a run is assumed to take before any verdict says otherwise.
const DEFAULT_RUN: Duration = Duration::from_secs(1);
/// Places in line are published for at most this many queued submissions per round.
const MAX_PLACES: i64 = 5000;
/// How long the queue's throughput model is reused for REST answers.
pub(crate) const MODEL_TTL: Duration = Duration::from_secs(1);

/// Every figure of [`Stats`], read now.
pub(crate) async fn compute(state: &AppState) -> anyhow::Result<Stats> {
    compute_parts(state, Parts::All).await
}

/// Which figures a round reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Parts {
    All,
    /// Those of a history sample (`StatsSample::of`): no per-assignment figures, which
    /// count every submission of every assignment (230 ms of Postgres at 90,000
    /// submissions) and which nobody reads while no teacher watches.
    Sample,
}

async fn compute_parts(state: &AppState, parts: Parts) -> anyhow::Result<Stats> {
    let queue = sqlx::query!(
        r#"SELECT count(*) FILTER (WHERE status = 'queued') AS "depth!",
                  count(*) FILTER (WHERE status = 'queued' AND lane = 'bulk') AS "bulk_depth!",
                  count(*) FILTER (WHERE status = 'running') AS "in_flight!",
                  (extract(epoch FROM now() - min(queued_at) FILTER (WHERE status = 'queued'))
                   * 1000)::bigint AS oldest_queued_ms,
                  now() AS "at!"
           FROM submissions WHERE status IN ('queued', 'running')"#
    )
    .fetch_one(&state.db)
    .await
    .context("reading the queue")?;
    let recent = sqlx::query!(
        r#"SELECT count(*) FILTER (WHERE graded_at > now() - interval '1 minute') AS "graded!",
                  (percentile_cont(0.5) WITHIN GROUP (ORDER BY wait_ms)
                      FILTER (WHERE lane = 'interactive'))::bigint AS p50,
                  (percentile_cont(0.95) WITHIN GROUP (ORDER BY wait_ms)
                      FILTER (WHERE lane = 'interactive'))::bigint AS p95,
                  (percentile_cont(0.99) WITHIN GROUP (ORDER BY wait_ms)
                      FILTER (WHERE lane = 'interactive'))::bigint AS p99
           FROM (SELECT graded_at, lane,
                        extract(epoch FROM graded_at - queued_at) * 1000 AS wait_ms
                 FROM submissions
                 WHERE graded_at > now() - interval '5 minutes' AND started_at IS NOT NULL) AS r"#
    )
    .fetch_one(&state.db)
    .await
    .context("reading recent verdicts")?;
    let assignments = if parts == Parts::Sample {
        Vec::new()
    } else {
        sqlx::query!(
            r#"SELECT a.id, a.title, count(s.id) AS "submissions!",
                  count(DISTINCT s.user_id) AS "learners!",
                  count(DISTINCT s.user_id) FILTER (WHERE s.status = 'passed') AS "solved_by!",
                  count(s.id) FILTER (WHERE s.status = 'passed') AS "passed!",
                  count(s.id) FILTER (WHERE s.status IN ('passed', 'failed')) AS "graded!"
           FROM assignments a LEFT JOIN submissions s ON s.assignment_id = a.id
           WHERE a.archived_at IS NULL
           GROUP BY a.id ORDER BY a.position"#
        )
        .fetch_all(&state.db)
        .await
        .context("reading the assignments' figures")?
    };
    let graders = graders(state, queue.at).await?;
    let lanes = lanes(state).await?;
    Ok(Stats {
        queue: QueueStats {
            depth: queue.depth,
            in_flight: queue.in_flight,
            oldest_queued_ms: queue.oldest_queued_ms.map(|ms| ms.max(0)),
            bulk_depth: queue.bulk_depth,
            lanes,
        },
        graded_last_minute: recent.graded,
        latency_ms: Latency {
            p50: recent.p50,
            p95: recent.p95,
            p99: recent.p99,
        },
        assignments: assignments
            .into_iter()
            .map(|row| AssignmentStats {
                id: row.id,
                title: row.title,
                submissions: row.submissions,
                learners: row.learners,
                solved_by: row.solved_by,
                pass_rate: (row.graded > 0).then(|| row.passed as f64 / row.graded as f64),
            })
            .collect(),
        graders,
        at: queue.at,
    })
}

/// Graders seen in the last minute, by name; entries older than [`GRADER_FORGOTTEN`]
/// are removed from the registry.
async fn graders(state: &AppState, now: DateTime<Utc>) -> anyhow::Result<Vec<GraderStats>> {
    let mut conn = state
        .redis
        .get()
        .await
        .context("getting a redis connection")?;
    let seen: HashMap<String, String> = redis::cmd("HGETALL")
        .arg(state.keys.grader_registry())
        .query_async(&mut conn)
        .await
        .context("reading the graders")?;
    let mut graders = Vec::new();
    for (name, status) in seen {
        let grader = serde_json::from_str::<GraderStats>(&status).ok();
        match grader {
            Some(grader) if now - grader.last_seen <= GRADER_SHOWN => graders.push(grader),
            Some(grader) if now - grader.last_seen <= GRADER_FORGOTTEN => {}
            _ => {
                let _: i64 = redis::cmd("HDEL")
                    .arg(state.keys.grader_registry())
                    .arg(&name)
                    .query_async(&mut conn)
                    .await
                    .context("forgetting a grader")?;
            }
        }
    }
    graders.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(graders)
}

/// Each lane's entries, over every language's stream of it: waiting for a grader, and
/// taken but not acknowledged. Entries are deleted when acknowledged, so the length
/// counts both.
async fn lanes(state: &AppState) -> anyhow::Result<Vec<LaneStats>> {
    let mut conn = state
        .redis
        .get()
        .await
        .context("getting a redis connection")?;
    let queues: Vec<Queue> = Lane::ALL
        .into_iter()
        .flat_map(|lane| course::languages::names().map(move |language| Queue { language, lane }))
        .collect();
    let mut pipeline = redis::pipe();
    for &queue in &queues {
        pipeline.cmd("XLEN").arg(state.keys.stream(queue));
    }
    let lengths: Vec<i64> = pipeline
        .query_async(&mut conn)
        .await
        .context("reading the streams")?;
    let mut lanes: Vec<LaneStats> = Lane::ALL
        .into_iter()
        .map(|lane| LaneStats {
            name: lane.as_str().to_owned(),
            waiting: 0,
            pending: 0,
        })
        .collect();
    for (queue, length) in queues.into_iter().zip(lengths) {
        if length == 0 {
            continue;
        }
        // No group yet (no grader ever ran): nothing is pending.
        let pending: i64 = redis::cmd("XPENDING")
            .arg(state.keys.stream(queue))
            .arg(contract::keys::GRADER_GROUP)
            .query_async::<redis::streams::StreamPendingReply>(&mut conn)
            .await
            .map_or(0, |reply| reply.count() as i64);
        let lane = &mut lanes[Lane::ALL.iter().position(|&l| l == queue.lane).unwrap_or(0)];
        lane.waiting += (length - pending).max(0);
        lane.pending += pending;
    }
    Ok(lanes)
}

/// The dashboard's history, oldest first.
pub(crate) async fn history(state: &AppState) -> anyhow::Result<StatsHistory> {
    let mut conn = state
        .redis
        .get()
        .await
        .context("getting a redis connection")?;
    let raw: Vec<String> = redis::cmd("LRANGE")
        .arg(state.keys.stats_samples())
        .arg(0)
        .arg(StatsHistory::KEPT as i64 - 1)
        .query_async(&mut conn)
        .await
        .context("reading the history")?;
    let cutoff = Utc::now() - chrono::Duration::hours(1);
    let mut samples: Vec<StatsSample> = raw
        .iter()
        .filter_map(|json| serde_json::from_str(json).ok())
        .filter(|sample: &StatsSample| sample.at >= cutoff)
        .collect();
    samples.reverse();
    Ok(StatsHistory { samples })
}

/// The model, read at most once a [`MODEL_TTL`] per app and by one request at a time:
/// when every request of a rush read it as it went stale, the reads took the whole
/// Postgres pool for a third of a second each second (issue 15).
pub(crate) async fn queue_model(state: &AppState) -> anyhow::Result<QueueModel> {
    let model = state
        .queue_model
        .get(|| async {
            let run_ms = sqlx::query_scalar!(
                r#"SELECT (percentile_cont(0.5) WITHIN GROUP (
                               ORDER BY extract(epoch FROM graded_at - started_at) * 1000))::bigint
                   FROM submissions
                   WHERE graded_at > now() - interval '5 minutes' AND started_at IS NOT NULL"#
            )
            .fetch_one(&state.db)
            .await
            .context("reading recent run times")?;
            let now = Utc::now();
            let slots = graders(state, now)
                .await?
                .iter()
                .filter(|grader| now - grader.last_seen <= GRADER_ALIVE)
                .map(|grader| grader.slots)
                .sum();
            Ok(QueueModel {
                slots,
                run: run_ms.map_or(DEFAULT_RUN, |ms| Duration::from_millis(ms.max(1) as u64)),
            })
        })
        .await?;
    Ok(*model)
}

/// Fills in `queue_position` and `eta_ms` of the queued ones among `submissions`; a
/// failure leaves them out (they are a courtesy, the submission is what was asked for).
pub(crate) async fn place_in_line(state: &AppState, submissions: &mut [Submission]) {
    for submission in submissions
        .iter_mut()
        .filter(|submission| submission.status == Status::Queued)
    {
        match position(state, submission.id).await {
            Ok(position) => {
                if let Ok(model) = queue_model(state).await {
                    submission.queue_position = Some(position);
                    submission.eta_ms = Some(model.eta(position).as_millis() as i64);
                }
            }
            Err(err) => tracing::warn!(error = ?err, "reading a place in line failed"),
        }
    }
}

/// The place of a queued submission in the order graders take work: learners'
/// submissions before regrades, then by when they were queued (`line.rs`: the line is
/// read at most once a second per process).
async fn position(state: &AppState, id: Uuid) -> anyhow::Result<i64> {
    let snapshot = state
        .line
        .get(|| async {
            let rows = sqlx::query!(
                r#"SELECT lane = 'bulk' AS "bulk!", queued_at, id FROM submissions
                   WHERE status = 'queued'"#
            )
            .fetch_all(&state.db)
            .await
            .context("reading the queue's order")?;
            Ok(crate::line::Snapshot::of(
                rows.into_iter()
                    .map(|row| (row.bulk, row.queued_at, row.id))
                    .collect(),
            ))
        })
        .await?;
    Ok(snapshot.place(id))
}

/// Runs a round every [`TICK`] for as long as the task lives.
pub(crate) async fn tick(state: AppState) {
    let mut ticks = tokio::time::interval(TICK);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut published: HashMap<Uuid, (i64, i64)> = HashMap::new();
    loop {
        ticks.tick().await;
        if let Err(err) = round(&state, &mut published).await {
            tracing::debug!(error = ?err, "a stats round failed");
        }
    }
}

/// Whether this process wins the round `what` (at most one winner per `every`).
async fn win(state: &AppState, what: &str, every: Duration) -> anyhow::Result<bool> {
    let mut conn = state
        .redis
        .get()
        .await
        .context("getting a redis connection")?;
    let won: Option<String> = redis::cmd("SET")
        .arg(state.keys.stats_round(what))
        .arg(1)
        .arg("NX")
        .arg("PX")
        .arg(every.as_millis().saturating_sub(100).max(1) as u64)
        .query_async(&mut conn)
        .await?;
    Ok(won.is_some())
}

async fn round(state: &AppState, published: &mut HashMap<Uuid, (i64, i64)>) -> anyhow::Result<()> {
    if !win(state, "tick", TICK).await? {
        // Another process runs this round; what this one published may be stale by its
        // next win, so it is published again then.
        published.clear();
        return Ok(());
    }
    let watching: bool = {
        let mut conn = state
            .redis
            .get()
            .await
            .context("getting a redis connection")?;
        redis::cmd("EXISTS")
            .arg(state.keys.admins_watching())
            .query_async(&mut conn)
            .await?
    };
    let sample_due = win(
        state,
        "sample",
        Duration::from_secs(StatsHistory::INTERVAL_SECS),
    )
    .await?;
    if watching || sample_due {
        let parts = if watching { Parts::All } else { Parts::Sample };
        let stats = compute_parts(state, parts).await?;
        let mut pipeline = redis::pipe();
        if watching {
            let frame = Event::Stats {
                stats: Box::new(stats.clone()),
            };
            pipeline
                .cmd("PUBLISH")
                .arg(state.keys.admin_channel())
                .arg(serde_json::to_string(&frame).expect("stats serialize"))
                .ignore();
        }
        if sample_due {
            let submitted = submitted_last_minute(state).await?;
            let sample = StatsSample::of(&stats, submitted);
            pipeline
                .cmd("LPUSH")
                .arg(state.keys.stats_samples())
                .arg(serde_json::to_string(&sample).expect("samples serialize"))
                .ignore()
                .cmd("LTRIM")
                .arg(state.keys.stats_samples())
                .arg(0)
                .arg(StatsHistory::KEPT as i64 - 1)
                .ignore();
        }
        state.run(&pipeline).await?;
    }
    publish_places(state, published).await
}

async fn submitted_last_minute(state: &AppState) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM submissions
           WHERE created_at > now() - interval '1 minute'"#
    )
    .fetch_one(&state.db)
    .await?)
}

/// Publishes a `queued` frame, with its place and wait, for each queued submission whose
/// place or rounded wait changed since this process last published it.
async fn publish_places(
    state: &AppState,
    published: &mut HashMap<Uuid, (i64, i64)>,
) -> anyhow::Result<()> {
    let places = sqlx::query!(
        r#"SELECT id, row_number() OVER (ORDER BY lane = 'bulk', queued_at, id) AS "position!"
           FROM submissions WHERE status = 'queued'
           ORDER BY lane = 'bulk', queued_at, id LIMIT $1"#,
        MAX_PLACES
    )
    .fetch_all(&state.db)
    .await?;
    if places.is_empty() {
        published.clear();
        return Ok(());
    }
    let model = queue_model(state).await?;
    let current: HashMap<Uuid, (i64, i64)> = places
        .into_iter()
        .map(|place| {
            // Rounded to whole seconds, so a wait that barely moves sends no frame.
            let eta = model.eta(place.position).as_millis() as i64;
            // Whole seconds, at least one: "about 0 s" says nothing to a learner in line.
            (
                place.id,
                (place.position, ((eta + 500) / 1000).max(1) * 1000),
            )
        })
        .collect();
    let changed: Vec<Uuid> = current
        .iter()
        .filter(|(id, place)| published.get(id) != Some(place))
        .map(|(id, _)| *id)
        .collect();
    *published = current;
    if changed.is_empty() {
        return Ok(());
    }
    let rows = sqlx::query_as!(
        SubmissionRow,
        r#"SELECT id, assignment_id, user_id, code, status AS "status: Status",
                  verdict AS "verdict: Verdict",
                  tests AS "tests: sqlx::types::Json<Vec<TestResult>>", feedback,
                  created_at, graded_at, duration_ms
           FROM submissions WHERE id = ANY($1) AND status = 'queued'"#,
        &changed
    )
    .fetch_all(&state.db)
    .await?;
    let mut pipeline = redis::pipe();
    for row in rows {
        let mut submission = Submission::from(row);
        let (position, eta) = published[&submission.id];
        submission.queue_position = Some(position);
        submission.eta_ms = Some(eta);
        pipeline
            .add_command(contract::messages::publish_place_in_line(
                &state.keys,
                &submission,
            ))
            .ignore();
    }
    state.run(&pipeline).await
}
