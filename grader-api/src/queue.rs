//! The submission stream as a work queue, and the events the grader publishes.

use std::time::Duration;

use anyhow::Context;
use contract::backoff::Backoff;
use contract::keys::{Queue, CHECK_FIELD, GRADER_GROUP, JOB_FIELD};
use contract::messages::Audience;
use contract::submission::Views;
use contract::Keys;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::streams::{
    StreamAutoClaimReply, StreamClaimReply, StreamId, StreamInfoConsumersReply,
    StreamPendingCountReply, StreamReadReply,
};
use uuid::Uuid;

use crate::error::Error;

/// How long one blocking read waits for new entries before the loop looks around again.
const BLOCK: Duration = Duration::from_millis(1000);

/// The most entries taken over from one dead grader in one scan (its slots bound them).
const TAKEOVER_BATCH: usize = 256;

/// Retries of a failed publish before it is given up (events are a convenience:
/// clients read the state over REST when they reconnect).
const PUBLISH_RETRIES: usize = 3;

/// One delivery of a stream entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub(crate) id: String,
    /// The stream it came from.
    pub(crate) queue: Queue,
    /// `None` when the entry does not hold a valid submission id; it is acknowledged
    /// and dropped, since no retry can make it valid.
    pub(crate) submission_id: Option<Uuid>,
    /// Set instead when the entry asks for a check (`check.rs`).
    pub(crate) check_id: Option<Uuid>,
    /// Set when this delivery takes over the job of a grader known to be dead.
    pub(crate) takeover: Option<Takeover>,
}

/// A job taken over from a grader whose heartbeat expired.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Takeover {
    /// The dead consumer: the row's lease names it, and only its lease is broken.
    pub(crate) from: String,
    /// Whether this was the only job the dead grader held. Only then can the submission
    /// be suspected of the death; a crash that took several jobs down blames none.
    pub(crate) solo: bool,
}

impl Entry {
    pub(crate) fn new(queue: Queue, entry: StreamId) -> Self {
        let submission_id = entry
            .get::<String>(JOB_FIELD)
            .and_then(|raw| Uuid::parse_str(raw.trim()).ok());
        let check_id = entry
            .get::<String>(CHECK_FIELD)
            .and_then(|raw| Uuid::parse_str(raw.trim()).ok());
        Entry {
            id: entry.id,
            queue,
            submission_id,
            check_id,
            takeover: None,
        }
    }
}

/// A Redis connection that reconnects by itself. `response_timeout` must exceed the
/// longest blocking command sent on it.
pub(crate) async fn connect(
    url: &str,
    response_timeout: Duration,
) -> anyhow::Result<ConnectionManager> {
    let client = redis::Client::open(url).context("parsing REDIS_URL")?;
    let config = ConnectionManagerConfig::new().set_response_timeout(Some(response_timeout));
    Ok(contract::backoff::until_ok("redis", || {
        ConnectionManager::new_with_config(client.clone(), config.clone())
    })
    .await)
}

/// The connection for blocking reads, which must not share a socket with other commands.
pub(crate) async fn connect_blocking(url: &str) -> anyhow::Result<ConnectionManager> {
    connect(url, BLOCK + Duration::from_secs(5)).await
}

/// Creates the consumer group (and the stream) of every queue unless it exists.
pub(crate) async fn ensure_group(
    redis: &mut ConnectionManager,
    keys: &Keys,
    queues: &[Queue],
) -> Result<(), Error> {
    for &queue in queues {
        let created: redis::RedisResult<()> = redis::cmd("XGROUP")
            .arg("CREATE")
            .arg(keys.stream(queue))
            .arg(GRADER_GROUP)
            .arg("0")
            .arg("MKSTREAM")
            .query_async(redis)
            .await;
        match created {
            Err(err) if err.code() == Some("BUSYGROUP") => {}
            other => other?,
        }
    }
    Ok(())
}

/// Entries of `queues` never delivered to any grader, up to `count` of each stream, taken
/// in turns across the streams; waits up to `block` for one (not at all when `None`).
/// Several streams can deliver more than `count` in all: every entry returned is this
/// consumer's to run.
pub(crate) async fn read_new(
    redis: &mut ConnectionManager,
    keys: &Keys,
    queues: &[Queue],
    consumer: &str,
    count: usize,
    block: Option<Duration>,
) -> Result<Vec<Entry>, Error> {
    let mut command = redis::cmd("XREADGROUP");
    command
        .arg("GROUP")
        .arg(GRADER_GROUP)
        .arg(consumer)
        .arg("COUNT")
        .arg(count);
    if let Some(block) = block {
        command
            .arg("BLOCK")
            .arg(block.min(BLOCK).as_millis() as u64);
    }
    if queues.is_empty() {
        return Ok(Vec::new());
    }
    let names: Vec<String> = queues.iter().map(|&queue| keys.stream(queue)).collect();
    command.arg("STREAMS").arg(&names);
    for _ in queues {
        command.arg(">");
    }
    let reply: Option<StreamReadReply> = command.query_async(redis).await?;
    let mut per_queue: Vec<std::vec::IntoIter<StreamId>> =
        vec![Vec::new().into_iter(); queues.len()];
    for key in reply.into_iter().flat_map(|reply| reply.keys) {
        if let Some(index) = names.iter().position(|name| *name == key.key) {
            per_queue[index] = key.ids.into_iter();
        }
    }
    // Taken in turns, one of each stream in the order given: no language waits for
    // another's backlog.
    let mut entries = Vec::new();
    loop {
        let before = entries.len();
        for (index, ids) in per_queue.iter_mut().enumerate() {
            if let Some(entry) = ids.next() {
                entries.push(Entry::new(queues[index], entry));
            }
        }
        if entries.len() == before {
            return Ok(entries);
        }
    }
}

/// Takes over up to `count` entries that some grader received but has not acknowledged
/// for `min_idle`, scanning from `cursor`. Returns them and the cursor to continue from.
pub(crate) async fn reclaim(
    redis: &mut ConnectionManager,
    keys: &Keys,
    queue: Queue,
    consumer: &str,
    min_idle: Duration,
    cursor: &str,
    count: usize,
) -> Result<(Vec<Entry>, String), Error> {
    let reply: StreamAutoClaimReply = redis::cmd("XAUTOCLAIM")
        .arg(keys.stream(queue))
        .arg(GRADER_GROUP)
        .arg(consumer)
        .arg(min_idle.as_millis() as u64)
        .arg(cursor)
        .arg("COUNT")
        .arg(count)
        .query_async(redis)
        .await?;
    let entries = reply
        .claimed
        .into_iter()
        .map(|entry| Entry::new(queue, entry))
        .collect();
    Ok((entries, reply.next_stream_id))
}

/// Says that `consumer` is alive for the next `ttl`, and what it is doing (for the
/// dashboard: `wire::stats::GraderStats` JSON in the registry).
pub(crate) async fn beat(
    redis: &mut ConnectionManager,
    keys: &Keys,
    consumer: &str,
    ttl: Duration,
    status: &str,
) -> Result<(), Error> {
    let () = redis::pipe()
        .cmd("SET")
        .arg(keys.grader_heartbeat(consumer))
        .arg(1)
        .arg("PX")
        .arg(ttl.as_millis() as u64)
        .ignore()
        .cmd("HSET")
        .arg(keys.grader_registry())
        .arg(consumer)
        .arg(status)
        .ignore()
        .query_async(redis)
        .await?;
    Ok(())
}

/// Says that `consumer` is gone, so its jobs (all handed back by then) are not waited for.
pub(crate) async fn stop_beating(
    redis: &mut ConnectionManager,
    keys: &Keys,
    consumer: &str,
) -> Result<(), Error> {
    let () = redis::pipe()
        .cmd("DEL")
        .arg(keys.grader_heartbeat(consumer))
        .ignore()
        .cmd("HDEL")
        .arg(keys.grader_registry())
        .arg(consumer)
        .ignore()
        .query_async(redis)
        .await?;
    Ok(())
}

/// Consumers other than `me` that hold pending entries but have no heartbeat: dead
/// graders, with how many entries each holds.
pub(crate) async fn dead_consumers(
    redis: &mut ConnectionManager,
    keys: &Keys,
    queue: Queue,
    me: &str,
) -> Result<Vec<(String, usize)>, Error> {
    let info: StreamInfoConsumersReply = redis::cmd("XINFO")
        .arg("CONSUMERS")
        .arg(keys.stream(queue))
        .arg(GRADER_GROUP)
        .query_async(redis)
        .await?;
    let holding: Vec<(String, usize)> = info
        .consumers
        .into_iter()
        .filter(|consumer| consumer.pending > 0 && consumer.name != me)
        .map(|consumer| (consumer.name, consumer.pending))
        .collect();
    if holding.is_empty() {
        return Ok(Vec::new());
    }
    let mut exists = redis::pipe();
    for (name, _) in &holding {
        exists.cmd("EXISTS").arg(keys.grader_heartbeat(name));
    }
    let alive: Vec<bool> = exists.query_async(redis).await?;
    Ok(holding
        .into_iter()
        .zip(alive)
        .filter(|(_, alive)| !alive)
        .map(|(consumer, _)| consumer)
        .collect())
}

/// Moves every entry `dead` holds to `me`, for entries no one else took in the last
/// `min_idle` (two graders that see the same death split its jobs instead of both
/// taking them). The dead consumer is deleted once it holds nothing.
pub(crate) async fn take_over(
    redis: &mut ConnectionManager,
    keys: &Keys,
    queue: Queue,
    me: &str,
    dead: &str,
    min_idle: Duration,
) -> Result<Vec<Entry>, Error> {
    let stream = keys.stream(queue);
    let pending: StreamPendingCountReply = redis::cmd("XPENDING")
        .arg(&stream)
        .arg(GRADER_GROUP)
        .arg("-")
        .arg("+")
        .arg(TAKEOVER_BATCH)
        .arg(dead)
        .query_async(redis)
        .await?;
    let solo = pending.ids.len() == 1;
    let mut entries = Vec::new();
    if !pending.ids.is_empty() {
        let claimed: StreamClaimReply = redis::cmd("XCLAIM")
            .arg(&stream)
            .arg(GRADER_GROUP)
            .arg(me)
            .arg(min_idle.as_millis() as u64)
            .arg(
                pending
                    .ids
                    .iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>(),
            )
            .query_async(redis)
            .await?;
        entries = claimed
            .ids
            .into_iter()
            .map(|entry| Entry {
                takeover: Some(Takeover {
                    from: dead.to_owned(),
                    solo,
                }),
                ..Entry::new(queue, entry)
            })
            .collect();
    }
    if dead != me && entries.len() == pending.ids.len() && pending.ids.len() < TAKEOVER_BATCH {
        // Nothing is delivered to a consumer that no longer reads, so it stays empty.
        let _: i64 = redis::cmd("XGROUP")
            .arg("DELCONSUMER")
            .arg(&stream)
            .arg(GRADER_GROUP)
            .arg(dead)
            .query_async(redis)
            .await?;
    }
    Ok(entries)
}

/// Replaces a delivered entry by a new one for the same submission, at the end of the
/// stream, so any grader takes it (a hand-back, or a retry after a failure).
pub(crate) async fn requeue(
    redis: &mut ConnectionManager,
    keys: &Keys,
    queue: Queue,
    entry_id: &str,
    submission_id: Uuid,
) -> Result<(), Error> {
    let stream = keys.stream(queue);
    let () = redis::pipe()
        .atomic()
        .add_command(contract::keys::enqueue(keys, queue, submission_id))
        .ignore()
        .cmd("XACK")
        .arg(&stream)
        .arg(GRADER_GROUP)
        .arg(entry_id)
        .ignore()
        .cmd("XDEL")
        .arg(&stream)
        .arg(entry_id)
        .ignore()
        .query_async(redis)
        .await?;
    Ok(())
}

/// Whether `consumer` has a live heartbeat.
pub(crate) async fn is_alive(
    redis: &mut ConnectionManager,
    keys: &Keys,
    consumer: &str,
) -> Result<bool, Error> {
    Ok(redis::cmd("EXISTS")
        .arg(keys.grader_heartbeat(consumer))
        .query_async(redis)
        .await?)
}

/// Acknowledges an entry and deletes it, so the stream holds only live work: a group
/// recreated from the start, or the reconciler's scan, never goes through history.
pub(crate) async fn ack(
    redis: &mut ConnectionManager,
    keys: &Keys,
    queue: Queue,
    entry_id: &str,
) -> Result<(), Error> {
    let stream = keys.stream(queue);
    let _: (i64, i64) = redis::pipe()
        .atomic()
        .cmd("XACK")
        .arg(&stream)
        .arg(GRADER_GROUP)
        .arg(entry_id)
        .cmd("XDEL")
        .arg(&stream)
        .arg(entry_id)
        .query_async(redis)
        .await?;
    Ok(())
}

/// Publishes a status change on the learner's channel and the admins' (`running`: see
/// [`contract::messages::publish_running`]).
pub(crate) async fn publish(
    redis: &mut ConnectionManager,
    keys: &Keys,
    views: &Views,
) -> Result<(), Error> {
    let pipeline = if views.teacher.status == contract::Status::Running {
        contract::messages::publish_running(keys, views)
    } else {
        contract::messages::publish(keys, views, Audience::Everyone)
    };
    // A connection broken by a Redis restart is re-established in the background; a
    // couple of retries keep the event from being lost to that gap.
    let mut backoff = Backoff::for_dependencies();
    for _ in 0..PUBLISH_RETRIES {
        match pipeline.query_async::<()>(redis).await {
            Ok(()) => return Ok(()),
            Err(err) => tracing::debug!(error = %err, "publishing failed; retrying"),
        }
        backoff.wait().await;
    }
    let () = pipeline.query_async(redis).await?;
    Ok(())
}

/// Forgets the learner's cached progress after a pass, so the next read sees it.
pub(crate) async fn invalidate_progress(
    redis: &mut ConnectionManager,
    keys: &Keys,
    user_id: Uuid,
) -> Result<(), Error> {
    let () = contract::keys::forget_progress(keys, user_id)
        .query_async(redis)
        .await?;
    Ok(())
}
