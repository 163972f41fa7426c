//! The consumer loop: takes as many entries as there are free sandbox slots and grades
//! each in its own task.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use contract::backoff::Backoff;
use contract::keys::{Lane, Queue};
use redis::aio::ConnectionManager;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tokio_util::task::AbortOnDropHandle;

use uuid::Uuid;

use crate::queue::{self, Entry};
use crate::{check, heartbeat, job, reconcile, Shared};

/// The first and the longest wait before reading the stream again after a failure.
const FIRST_BACKOFF: Duration = Duration::from_millis(250);
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// Where the reclaim scan of each stream is and when it runs next.
struct Reclaim {
    cursors: Vec<String>,
    due: Instant,
}

/// How long a read waits for interactive work while regrades fill every slot they may:
/// short, so a slot a regrade frees is filled again soon.
const SHORT_BLOCK: Duration = Duration::from_millis(100);
/// How long it waits otherwise (a new regrade is noticed within this).
const LONG_BLOCK: Duration = Duration::from_millis(1000);

/// Jobs taken over from dead graders and not yet started, and when to look for the dead.
struct Takeovers {
    backlog: VecDeque<Entry>,
    due: Instant,
}

/// Entries this grader is working on (by stream and entry id), with their submissions: a
/// reclaim must not start them a second time, the bulk lane gets no more than its slots,
/// and a shutdown hands back the ones it cuts off.
type InFlight = Mutex<HashMap<(Queue, String), Option<Uuid>>>;

/// Runs until `shutdown` is cancelled, then waits (bounded) for in-flight jobs.
pub(crate) async fn work(
    shared: Arc<Shared>,
    mut reader: ConnectionManager,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let config = &shared.config;
    // Redis may be gone again since `build`: wait for it rather than failing.
    let mut backoff = Backoff::new(FIRST_BACKOFF, MAX_BACKOFF);
    while let Err(err) = queue::ensure_group(&mut reader, &config.keys, &config.all_queues()).await
    {
        tracing::warn!(error = ?err, retry_in_ms = backoff.peek().as_millis() as u64, "waiting for redis");
        if !backoff.wait_unless(&shutdown).await {
            return Ok(());
        }
    }
    backoff.reset();
    // Alive before reading anything, so no other grader takes this one's jobs for a dead's.
    let heartbeat = AbortOnDropHandle::new(tokio::spawn(heartbeat::beat(shared.clone())));
    tracing::info!(consumer = %config.consumer, slots = config.slots, "grader started");
    let slots = Arc::new(Semaphore::new(config.slots));
    let in_flight: Arc<InFlight> = Arc::default();
    let mut tasks = JoinSet::new();
    // Aborted when this loop is dropped, so a cancelled grader leaves nothing running.
    let reconciler = AbortOnDropHandle::new(tokio::spawn(reconcile::periodically(
        shared.clone(),
        shutdown.clone(),
    )));
    let mut reclaim = Reclaim {
        cursors: vec!["0-0".to_owned(); config.all_queues().len()],
        due: Instant::now(),
    };
    // Entries still pending under this very name were left by an earlier process of the
    // same name (a restart with a fixed GRADER_CONSUMER): they are this grader's now.
    let mut takeovers = Takeovers {
        backlog: heartbeat::own_leftovers(&shared, &mut reader).await.into(),
        due: Instant::now(),
    };
    loop {
        while let Some(done) = tasks.try_join_next() {
            if let Err(err) = done {
                tracing::error!(error = %err, "a job task panicked");
            }
        }
        let first = tokio::select! {
            permit = slots.clone().acquire_owned() => permit?,
            () = shutdown.cancelled() => break,
        };
        if shutdown.is_cancelled() {
            break;
        }
        let mut permits = vec![first];
        while let Ok(permit) = slots.clone().try_acquire_owned() {
            permits.push(permit);
        }
        let entries = match next_batch(
            &shared,
            &mut reader,
            &mut reclaim,
            &mut takeovers,
            &in_flight,
            permits.len(),
        )
        .await
        {
            Ok(entries) => entries,
            Err(err) => {
                tracing::error!(error = ?err, retry_in_ms = backoff.peek().as_millis() as u64,
                    "reading the submission stream failed");
                drop(permits);
                backoff.wait_unless(&shutdown).await;
                // The stream or group may have been deleted (e.g. a flushed Redis): a
                // NOGROUP error is answered by creating them again.
                if let Err(err) =
                    queue::ensure_group(&mut reader, &config.keys, &config.all_queues()).await
                {
                    tracing::warn!(error = ?err, "recreating the consumer group failed");
                }
                continue;
            }
        };
        backoff.reset();
        for (entry, permit) in entries.into_iter().zip(permits) {
            in_flight
                .lock()
                .expect("lock is never poisoned")
                .insert((entry.queue, entry.id.clone()), entry.submission_id);
            let shared = shared.clone();
            let in_flight = in_flight.clone();
            tasks.spawn(async move {
                match entry.check_id {
                    Some(check) => check::handle(&shared, &entry, check).await,
                    None => job::handle(&shared, &entry).await,
                }
                in_flight
                    .lock()
                    .expect("lock is never poisoned")
                    .remove(&(entry.queue, entry.id.clone()));
                drop(permit);
            });
        }
    }
    drain(&shared, tasks, &in_flight).await;
    // The sandboxes started for jobs that will not come now.
    shared.sandbox.close().await;
    if let Err(err) = reconciler.await {
        tracing::error!(error = %err, "the reconciler panicked");
    }
    // Everything is finished or handed back: the others need not wait for this one.
    drop(heartbeat);
    let mut redis = shared.redis.clone();
    if let Err(err) = queue::stop_beating(&mut redis, &config.keys, &config.consumer).await {
        tracing::warn!(error = ?err, "removing the heartbeat failed; it expires by itself");
    }
    Ok(())
}

/// Jobs taken over from dead graders first, then reclaimed entries when a reclaim is due
/// and finds any, else new ones: interactive work first, regrades only in the slots
/// [`Config::bulk_slots`](crate::Config::bulk_slots) allows.
async fn next_batch(
    shared: &Shared,
    reader: &mut ConnectionManager,
    reclaim: &mut Reclaim,
    takeovers: &mut Takeovers,
    in_flight: &InFlight,
    free: usize,
) -> anyhow::Result<Vec<Entry>> {
    let config = &shared.config;
    if Instant::now() >= takeovers.due {
        takeovers.due = Instant::now() + config.heartbeat_interval;
        let taken = heartbeat::take_over_the_dead(shared, reader).await?;
        takeovers.backlog.extend(taken);
    }
    if !takeovers.backlog.is_empty() {
        let in_flight = in_flight.lock().expect("lock is never poisoned");
        let count = free.min(takeovers.backlog.len());
        return Ok(takeovers
            .backlog
            .drain(..count)
            .filter(|entry| !in_flight.contains_key(&(entry.queue, entry.id.clone())))
            .collect());
    }
    if Instant::now() >= reclaim.due {
        let mut claimed = Vec::new();
        let mut scanned = true;
        for (queue, cursor) in config
            .all_queues()
            .into_iter()
            .zip(reclaim.cursors.iter_mut())
        {
            let (entries, next) = queue::reclaim(
                reader,
                &config.keys,
                queue,
                &config.consumer,
                config.visibility_timeout,
                cursor,
                free - claimed.len(),
            )
            .await?;
            // A cursor back at the start means the whole pending list was scanned.
            scanned &= next == "0-0";
            *cursor = next;
            claimed.extend(entries);
            if claimed.len() == free {
                scanned = false;
                break;
            }
        }
        reclaim.due = if scanned {
            Instant::now() + config.reclaim_interval
        } else {
            Instant::now()
        };
        let in_flight = in_flight.lock().expect("lock is never poisoned");
        let claimed: Vec<Entry> = claimed
            .into_iter()
            .filter(|entry| !in_flight.contains_key(&(entry.queue, entry.id.clone())))
            .collect();
        if !claimed.is_empty() {
            tracing::info!(count = claimed.len(), "reclaimed entries idle too long");
            return Ok(claimed);
        }
    }
    let keys = &config.keys;
    let me = &config.consumer;
    let interactive = config.queues(Lane::Interactive);
    let mut entries = queue::read_new(reader, keys, &interactive, me, free, None).await?;
    let bulk_busy = in_flight
        .lock()
        .expect("lock is never poisoned")
        .keys()
        .filter(|(queue, _)| queue.lane == Lane::Bulk)
        .count();
    let bulk_free = config.bulk_slots().saturating_sub(bulk_busy);
    // Regrades one stream after the other, each read bounded by what room is left: the
    // bulk slots are never overfilled.
    for bulk in config.queues(Lane::Bulk) {
        let room = free.saturating_sub(entries.len()).min(
            bulk_free.saturating_sub(
                entries
                    .iter()
                    .filter(|e| e.queue.lane == Lane::Bulk)
                    .count(),
            ),
        );
        if room == 0 {
            break;
        }
        entries.extend(queue::read_new(reader, keys, &[bulk], me, room, None).await?);
    }
    if entries.is_empty() {
        let block = if bulk_busy > 0 {
            SHORT_BLOCK
        } else {
            LONG_BLOCK
        };
        entries = queue::read_new(reader, keys, &interactive, me, free, Some(block)).await?;
    }
    // Several languages' streams can deliver more than the free slots: the rest are this
    // grader's already, and run first when slots free up.
    if entries.len() > free {
        takeovers.backlog.extend(entries.split_off(free));
    }
    Ok(entries)
}

/// Waits for in-flight jobs, at most twice the longest time limit seen plus the
/// configured shutdown grace. Jobs cut off are handed back to the stream at once, counted
/// against nothing (or, if that fails, stay pending for a reclaim).
async fn drain(shared: &Shared, mut tasks: JoinSet<()>, in_flight: &InFlight) {
    let longest = Duration::from_millis(shared.longest_time_limit_ms.load(Ordering::Relaxed));
    let bound = longest * 2 + shared.config.shutdown_grace;
    tracing::info!(
        in_flight = tasks.len(),
        "stopping; waiting for in-flight jobs"
    );
    let finished =
        tokio::time::timeout(bound, async { while tasks.join_next().await.is_some() {} }).await;
    if finished.is_err() {
        tracing::warn!(
            left = tasks.len(),
            "in-flight jobs did not finish; leaving them pending"
        );
        tasks.abort_all();
        while tasks.join_next().await.is_some() {}
        let cut_off: Vec<((Queue, String), Option<Uuid>)> = in_flight
            .lock()
            .expect("lock is never poisoned")
            .drain()
            .collect();
        heartbeat::hand_back_all(shared, cut_off).await;
    }
    tracing::info!("grader stopped");
}
