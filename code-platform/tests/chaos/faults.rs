//! The faults, injected one after another while the load runs, and how long the
//! platform took to recover from each.
//!
//! Recovery is measured with the database's own clock: from the moment the fault was
//! repaired (a new grader started, Redis or Postgres back, the relay rebinding) until
//! (a) the first submission stored a verdict after it, and (b) every submission that
//! was open (queued or running) when the fault hit has a verdict.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::Context;
use sqlx::PgPool;
use tokio::sync::watch;
use uuid::Uuid;

use crate::cluster::{Postgres, Redis};
use crate::graders::Graders;
use crate::services::Services;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Fault {
    KillGrader,
    /// SIGTERM after a replacement started: a rolling restart, which must lose nothing.
    RollGrader,
    RestartRelay,
    RestartRedis,
    FlushStream,
    StopPostgres,
}

/// The order faults come in; grader kills between the others.
/// A kill soon after the flush would leave the killed grader's `running` rows without
/// a stream entry, which only the reconciler's (long) running grace recovers; the relay
/// restart in between gives the jobs running at the flush time to finish first.
const PLAN: [Fault; 9] = [
    Fault::KillGrader,
    Fault::RollGrader,
    Fault::RestartRedis,
    Fault::KillGrader,
    Fault::StopPostgres,
    Fault::KillGrader,
    Fault::FlushStream,
    Fault::RestartRelay,
    Fault::KillGrader,
];

/// Time between the end of one fault and the start of the next (and before the first,
/// so that the load is under way).
const GAP: Duration = Duration::from_secs(2);
/// How long Postgres stays down.
const POSTGRES_DOWN: Duration = Duration::from_secs(3);

/// Recovery after one fault, in seconds; `None` when it did not happen in time (or,
/// for `first_final`, when nothing was left to grade).
#[derive(Debug, Clone)]
pub(crate) struct Recovery {
    pub(crate) fault: Fault,
    pub(crate) first_final: Option<f64>,
    pub(crate) open_final: Option<f64>,
    /// When half of the submissions open at the fault were final.
    pub(crate) open_half: Option<f64>,
    pub(crate) open_at_fault: usize,
}

/// What the fault loop owns.
pub(crate) struct Chaos<'a> {
    pub(crate) probe: PgPool,
    pub(crate) postgres: &'a Postgres,
    pub(crate) redis: &'a mut Redis,
    pub(crate) graders: &'a mut Graders,
    pub(crate) services: &'a mut Services,
    pub(crate) unexpected_exits: usize,
}

/// The database's clock, in seconds since the epoch.
async fn db_now(db: &PgPool) -> anyhow::Result<f64> {
    Ok(
        sqlx::query_scalar("SELECT extract(epoch FROM clock_timestamp())::float8")
            .fetch_one(db)
            .await?,
    )
}

async fn open_ids(db: &PgPool) -> anyhow::Result<Vec<Uuid>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM submissions WHERE status IN ('queued', 'running')")
            .fetch_all(db)
            .await?,
    )
}

/// Waits (up to `limit`) for recovery from a fault repaired at `repaired`.
async fn measure(
    db: PgPool,
    fault: Fault,
    open: Vec<Uuid>,
    repaired: f64,
    limit: Duration,
) -> Recovery {
    let mut recovery = Recovery {
        fault,
        first_final: None,
        open_final: None,
        open_half: None,
        open_at_fault: open.len(),
    };
    let deadline = tokio::time::Instant::now() + limit;
    while tokio::time::Instant::now() < deadline {
        if recovery.first_final.is_none() {
            let first: Option<f64> = sqlx::query_scalar(
                "SELECT extract(epoch FROM min(graded_at))::float8 FROM submissions \
                 WHERE graded_at >= to_timestamp($1)",
            )
            .bind(repaired)
            .fetch_one(&db)
            .await
            .unwrap_or(None);
            recovery.first_final = first.map(|at| at - repaired);
        }
        let (still_open, median, last): (i64, Option<f64>, Option<f64>) = sqlx::query_as(
            "SELECT count(*) FILTER (WHERE status IN ('queued', 'running')), \
                    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM graded_at)), \
                    extract(epoch FROM max(graded_at))::float8 \
             FROM submissions WHERE id = ANY($1)",
        )
        .bind(&open)
        .fetch_one(&db)
        .await
        .unwrap_or((1, None, None));
        if still_open == 0 && recovery.open_final.is_none() {
            let since = |at: Option<f64>| Some(at.map_or(0.0, |at| (at - repaired).max(0.0)));
            recovery.open_final = since(last);
            recovery.open_half = since(median);
        }
        // With nothing left to grade, no verdict after the repair will ever come.
        let idle: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM submissions WHERE status IN ('queued', 'running')",
        )
        .fetch_one(&db)
        .await
        .unwrap_or(1);
        if recovery.open_final.is_some() && (recovery.first_final.is_some() || idle == 0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    recovery
}

impl Chaos<'_> {
    /// Injects one fault and returns the moment (database clock) it was repaired and
    /// the submissions open when it hit.
    async fn inject(&mut self, fault: Fault) -> anyhow::Result<(f64, Vec<Uuid>)> {
        let open = open_ids(&self.probe).await?;
        match fault {
            Fault::KillGrader => {
                // A random one: the graders are interchangeable, the moment is not.
                let index = (Uuid::new_v4().as_u128() % 1024) as usize;
                self.graders.kill(index).await?;
                self.graders.spawn()?;
            }
            Fault::RollGrader => {
                let index = (Uuid::new_v4().as_u128() % 1024) as usize;
                self.graders.roll(index).await?;
            }
            Fault::RestartRelay => self.services.restart_relay().await?,
            Fault::RestartRedis => {
                self.redis.kill().await?;
                self.redis.resume().await?;
            }
            Fault::FlushStream => {
                let client = redis::Client::open(self.redis.url())?;
                let mut conn = client.get_multiplexed_async_connection().await?;
                let _: i64 = redis::cmd("DEL")
                    .arg(contract::Keys::new("cp:").submission_stream())
                    .query_async(&mut conn)
                    .await?;
            }
            Fault::StopPostgres => {
                self.postgres.stop()?;
                tokio::time::sleep(POSTGRES_DOWN).await;
                self.postgres.resume()?;
            }
        }
        let repaired = loop {
            // Right after a restart the pool may still hold broken connections.
            match db_now(&self.probe).await {
                Ok(now) => break now,
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        };
        Ok((repaired, open))
    }

    /// Injects faults from [`PLAN`] until `done` turns true, telling `cycled` once every
    /// kind of fault has been injected; returns every recovery.
    pub(crate) async fn run(
        &mut self,
        mut done: watch::Receiver<bool>,
        cycled: watch::Sender<bool>,
    ) -> anyhow::Result<Vec<Recovery>> {
        let mut measuring = Vec::new();
        let mut round = 0;
        let _ = tokio::time::timeout(GAP, done.changed()).await;
        // A dropped sender (the load failed) ends the loop as surely as `true` does.
        while !*done.borrow() && done.has_changed().is_ok() {
            let fault = PLAN[round % PLAN.len()];
            tracing::info!(?fault, round, "injecting a fault");
            let (repaired, open) = self
                .inject(fault)
                .await
                .with_context(|| format!("{fault:?}"))?;
            measuring.push(tokio::spawn(measure(
                self.probe.clone(),
                fault,
                open,
                repaired,
                Duration::from_secs(180),
            )));
            round += 1;
            if round == PLAN.len() {
                let _ = cycled.send(true);
            }
            self.unexpected_exits += self.graders.replace_exited()?;
            let _ = tokio::time::timeout(GAP, done.changed()).await;
        }
        let mut recoveries = Vec::new();
        for task in measuring {
            recoveries.push(task.await?);
        }
        Ok(recoveries)
    }
}

/// Per kind of fault: how many, and the median and worst of each recovery time.
pub(crate) fn summarize(recoveries: &[Recovery]) -> String {
    let mut by_kind: BTreeMap<Fault, Vec<&Recovery>> = BTreeMap::new();
    for recovery in recoveries {
        by_kind.entry(recovery.fault).or_default().push(recovery);
    }
    let fmt = |values: Vec<Option<f64>>| {
        let missing = values.iter().filter(|v| v.is_none()).count();
        // Unmeasured means not recovered in time, or (first verdict) nothing left to grade.
        let mut got: Vec<f64> = values.into_iter().flatten().collect();
        got.sort_by(f64::total_cmp);
        match (got.first(), got.last()) {
            (Some(min), Some(max)) => format!(
                "median {:.1}s max {:.1}s (min {:.1}s){}",
                got[got.len() / 2],
                max,
                min,
                if missing > 0 {
                    format!(", {missing} unmeasured")
                } else {
                    String::new()
                }
            ),
            _ => format!("{missing} unmeasured"),
        }
    };
    let mut out = String::new();
    for (fault, list) in by_kind {
        out.push_str(&format!(
            "  {fault:?} x{} ({} submissions open when they hit)\n    \
             first verdict after the repair:  {}\n    \
             half of those open were final:   {}\n    \
             all of those open were final:    {}\n",
            list.len(),
            list.iter().map(|r| r.open_at_fault).sum::<usize>(),
            fmt(list.iter().map(|r| r.first_final).collect()),
            fmt(list.iter().map(|r| r.open_half).collect()),
            fmt(list.iter().map(|r| r.open_final).collect()),
        ));
    }
    out
}
