//! The submission stream as a work queue, and the events the grader publishes.

use std::time::Duration;

use anyhow::Context;
use contract::keys::{GRADER_GROUP, JOB_FIELD};
use contract::messages::Event;
use contract::{Keys, Submission};
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::streams::{StreamAutoClaimReply, StreamId, StreamReadReply};
use uuid::Uuid;

use crate::error::Error;

/// How long one blocking read waits for new entries before the loop looks around again.
const BLOCK: Duration = Duration::from_millis(1000);

/// Retries of a failed publish before it is given up (events are a convenience:
/// clients read the state over REST when they reconnect).
const PUBLISH_RETRIES: usize = 3;

/// One delivery of a stream entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub(crate) id: String,
    /// `None` when the entry does not hold a valid submission id; it is acknowledged
    /// and dropped, since no retry can make it valid.
    pub(crate) submission_id: Option<Uuid>,
}

impl From<StreamId> for Entry {
    fn from(entry: StreamId) -> Self {
        let submission_id = entry
            .get::<String>(JOB_FIELD)
            .and_then(|raw| Uuid::parse_str(raw.trim()).ok());
        Entry {
            id: entry.id,
            submission_id,
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
    let mut delay = Duration::from_millis(100);
    loop {
        match ConnectionManager::new_with_config(client.clone(), config.clone()).await {
            Ok(connection) => return Ok(connection),
            Err(err) => {
                tracing::warn!(error = %err, retry_in_ms = delay.as_millis() as u64, "waiting for redis");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(5));
            }
        }
    }
}

/// The connection for blocking reads, which must not share a socket with other commands.
pub(crate) async fn connect_blocking(url: &str) -> anyhow::Result<ConnectionManager> {
    connect(url, BLOCK + Duration::from_secs(5)).await
}

/// Creates the consumer group (and the stream) unless it exists.
pub(crate) async fn ensure_group(redis: &mut ConnectionManager, keys: &Keys) -> Result<(), Error> {
    let created: redis::RedisResult<()> = redis::cmd("XGROUP")
        .arg("CREATE")
        .arg(keys.submission_stream())
        .arg(GRADER_GROUP)
        .arg("0")
        .arg("MKSTREAM")
        .query_async(redis)
        .await;
    match created {
        Err(err) if err.code() == Some("BUSYGROUP") => Ok(()),
        other => Ok(other?),
    }
}

/// Up to `count` entries never delivered to any grader, waiting up to [`BLOCK`] for one.
pub(crate) async fn read_new(
    redis: &mut ConnectionManager,
    keys: &Keys,
    consumer: &str,
    count: usize,
) -> Result<Vec<Entry>, Error> {
    let reply: Option<StreamReadReply> = redis::cmd("XREADGROUP")
        .arg("GROUP")
        .arg(GRADER_GROUP)
        .arg(consumer)
        .arg("COUNT")
        .arg(count)
        .arg("BLOCK")
        .arg(BLOCK.as_millis() as u64)
        .arg("STREAMS")
        .arg(keys.submission_stream())
        .arg(">")
        .query_async(redis)
        .await?;
    Ok(reply
        .into_iter()
        .flat_map(|reply| reply.keys)
        .flat_map(|key| key.ids)
        .map(Entry::from)
        .collect())
}

/// Takes over up to `count` entries that some grader received but has not acknowledged
/// for `min_idle`, scanning from `cursor`. Returns them and the cursor to continue from.
pub(crate) async fn reclaim(
    redis: &mut ConnectionManager,
    keys: &Keys,
    consumer: &str,
    min_idle: Duration,
    cursor: &str,
    count: usize,
) -> Result<(Vec<Entry>, String), Error> {
    let reply: StreamAutoClaimReply = redis::cmd("XAUTOCLAIM")
        .arg(keys.submission_stream())
        .arg(GRADER_GROUP)
        .arg(consumer)
        .arg(min_idle.as_millis() as u64)
        .arg(cursor)
        .arg("COUNT")
        .arg(count)
        .query_async(redis)
        .await?;
    let entries = reply.claimed.into_iter().map(Entry::from).collect();
    Ok((entries, reply.next_stream_id))
}

/// Acknowledges an entry and deletes it, so the stream holds only live work: a group
/// recreated from the start, or the reconciler's scan, never goes through history.
pub(crate) async fn ack(
    redis: &mut ConnectionManager,
    keys: &Keys,
    entry_id: &str,
) -> Result<(), Error> {
    let stream = keys.submission_stream();
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

/// Publishes a status change on the learner's channel; the websocket relay also
/// forwards it to admins.
pub(crate) async fn publish(
    redis: &mut ConnectionManager,
    keys: &Keys,
    submission: &Submission,
) -> Result<(), Error> {
    let channel = keys.user_channel(submission.user_id);
    let event = Event::Submission {
        submission: submission.clone(),
    };
    let payload = event.to_json();
    // A connection broken by a Redis restart is re-established in the background; a
    // couple of retries keep the event from being lost to that gap.
    let mut delay = Duration::from_millis(100);
    for _ in 0..PUBLISH_RETRIES {
        match redis::cmd("PUBLISH")
            .arg(&channel)
            .arg(&payload)
            .query_async::<i64>(redis)
            .await
        {
            Ok(_) => return Ok(()),
            Err(err) => tracing::debug!(error = %err, "publishing failed; retrying"),
        }
        tokio::time::sleep(delay).await;
        delay *= 2;
    }
    let _: i64 = redis::cmd("PUBLISH")
        .arg(channel)
        .arg(payload)
        .query_async(redis)
        .await?;
    Ok(())
}

/// Forgets the learner's cached progress after a pass, so the next read sees it.
pub(crate) async fn invalidate_progress(
    redis: &mut ConnectionManager,
    keys: &Keys,
    user_id: Uuid,
) -> Result<(), Error> {
    let _: i64 = redis::cmd("DEL")
        .arg(keys.progress_cache(user_id))
        .query_async(redis)
        .await?;
    Ok(())
}
