//! Learners' cached answers kept in this process too, told by Redis when they change.
//!
//! A learner's page reads their progress and their graded submissions again and again,
//! and each read was a round trip to Redis (issue 15). Here a copy read from Redis is
//! kept in memory until Redis says the key changed: one connection asks Redis to track
//! every key under the prefixes of those caches (`CLIENT TRACKING ... BCAST PREFIX`), and
//! Redis then tells it of every write to one, whoever makes it (a grader's pass, another
//! replica's regrade, an expiry, a `FLUSHALL`).
//!
//! What keeps a copy true:
//! - only keys Redis tracks are kept ([`NearCache::tracks`]), and only while the tracking
//!   connection is up: when it drops (or stops answering its ping) every copy is dropped
//!   and none is kept until tracking is on again;
//! - a copy read from Redis is kept only if no change to its key (to any key of its
//!   bucket, to be exact) was heard between just before the read and the keep
//!   ([`Ticket`]): a change that raced the read is not lost;
//! - a write by this process drops its copy here as soon as Redis has it ([`NearCache::forget`]),
//!   so the writer's next read sees it without waiting for Redis's message;
//! - a copy is used at most [`TTL`], and at most [`CAPACITY`] are kept.

use std::any::Any;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use redis::{ProtocolVersion, PushInfo, PushKind, Value};
use tokio::sync::mpsc;

use contract::backoff::Backoff;

/// How long a copy is used at most (Redis's message is what ends it normally).
pub(crate) const TTL: Duration = Duration::from_secs(60);
/// At most this many copies are kept; a full cache starts again.
pub(crate) const CAPACITY: usize = 50_000;
/// How often the tracking connection is checked; a ping unanswered this long drops it.
const PING_EVERY: Duration = Duration::from_secs(1);
/// Changes are counted per bucket of keys, so that a change to one learner's key does not
/// stop copies of the others' from being kept.
const BUCKETS: usize = 1024;

type Copy = Arc<dyn Any + Send + Sync>;

/// Taken just before reading a key from Redis; keeping what was read needs it unspent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ticket {
    epoch: u64,
    bucket: usize,
    changes: u64,
}

pub(crate) struct NearCache {
    prefixes: Vec<String>,
    hasher: RandomState,
    inner: Mutex<Inner>,
}

struct Inner {
    /// Whether Redis tracks the prefixes for this process now.
    live: bool,
    /// Counts the times tracking started or stopped: a ticket from before is spent.
    epoch: u64,
    /// Changes heard, per bucket.
    changes: Vec<u64>,
    copies: HashMap<String, (Copy, Instant)>,
}

impl NearCache {
    /// Keeps copies of keys under `prefixes` (which must not be prefixes of each other).
    pub(crate) fn new(prefixes: Vec<String>) -> NearCache {
        NearCache {
            prefixes,
            hasher: RandomState::new(),
            inner: Mutex::new(Inner {
                live: false,
                epoch: 0,
                changes: vec![0; BUCKETS],
                copies: HashMap::new(),
            }),
        }
    }

    /// Whether copies of `key` may be kept at all.
    pub(crate) fn tracks(&self, key: &str) -> bool {
        self.prefixes.iter().any(|prefix| key.starts_with(prefix))
    }

    /// The copy of `key` kept here, if it is fresh and of type `T`.
    pub(crate) fn get<T: Clone + Send + Sync + 'static>(
        &self,
        key: &str,
        now: Instant,
    ) -> Option<T> {
        if !self.tracks(key) {
            return None;
        }
        let inner = self.lock();
        let (copy, since) = inner.copies.get(key)?;
        if now.duration_since(*since) >= TTL {
            return None;
        }
        copy.downcast_ref::<T>().cloned()
    }

    /// A ticket for keeping what is about to be read of `key`; `None` when no copy of it
    /// may be kept (untracked, or tracking is off).
    pub(crate) fn ticket(&self, key: &str) -> Option<Ticket> {
        if !self.tracks(key) {
            return None;
        }
        let bucket = self.bucket(key);
        let inner = self.lock();
        inner.live.then(|| Ticket {
            epoch: inner.epoch,
            bucket,
            changes: inner.changes[bucket],
        })
    }

    /// Keeps `value` as the copy of `key` unless a change was heard since `ticket`.
    /// Returns whether it was kept.
    pub(crate) fn keep<T: Send + Sync + 'static>(
        &self,
        key: &str,
        ticket: Ticket,
        value: T,
        now: Instant,
    ) -> bool {
        let mut inner = self.lock();
        let unspent = inner.live
            && inner.epoch == ticket.epoch
            && inner.changes[ticket.bucket] == ticket.changes
            && ticket.bucket == self.bucket(key);
        if !unspent {
            return false;
        }
        if inner.copies.len() >= CAPACITY {
            inner.copies.clear();
        }
        inner.copies.insert(key.to_owned(), (Arc::new(value), now));
        true
    }

    /// Drops the copy of `key`: Redis changed it (or this process just did).
    pub(crate) fn forget(&self, key: &str) {
        let bucket = self.bucket(key);
        let mut inner = self.lock();
        inner.changes[bucket] += 1;
        inner.copies.remove(key);
    }

    /// Tracking started (`true`) or stopped: either way every copy and ticket is dropped.
    fn set_live(&self, live: bool) {
        let mut inner = self.lock();
        inner.live = live;
        inner.epoch += 1;
        inner.copies.clear();
    }

    /// Redis says every key changed (`FLUSHALL`, `FLUSHDB`).
    fn forget_all(&self) {
        let mut inner = self.lock();
        inner.epoch += 1;
        inner.copies.clear();
    }

    /// What Redis told the tracking connection.
    fn heard(&self, push: &PushInfo) {
        if push.kind != PushKind::Invalidate {
            return;
        }
        match push.data.first() {
            Some(Value::Array(keys)) => {
                for key in keys {
                    match key {
                        Value::BulkString(bytes) => self.forget(&String::from_utf8_lossy(bytes)),
                        Value::SimpleString(key) => self.forget(key),
                        _ => self.forget_all(),
                    }
                }
            }
            _ => self.forget_all(),
        }
    }

    fn bucket(&self, key: &str) -> usize {
        (self.hasher.hash_one(key) % BUCKETS as u64) as usize
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Keeps a tracking connection to Redis at `client`'s address for as long as the
    /// process runs: connects (with backoff), turns tracking on, hears changes, checks
    /// the connection every [`PING_EVERY`], and starts again when it drops.
    pub(crate) async fn follow(self: Arc<Self>, client: redis::Client) {
        let info = client.get_connection_info().clone();
        let settings = info
            .redis_settings()
            .clone()
            .set_protocol(ProtocolVersion::RESP3);
        let client = match redis::Client::open(info.set_redis_settings(settings)) {
            Ok(client) => client,
            Err(err) => {
                tracing::error!(error = %err, "no tracking connection: learners' copies stay in Redis only");
                return;
            }
        };
        let mut backoff = Backoff::for_dependencies();
        loop {
            match self.track(&client, &mut backoff).await {
                Ok(()) => tracing::warn!("the tracking connection to Redis closed; reconnecting"),
                Err(err) => {
                    tracing::warn!(error = %err, retry_in_ms = backoff.peek().as_millis() as u64,
                    "no tracking connection to Redis; learners' reads go to Redis meanwhile")
                }
            }
            self.set_live(false);
            backoff.wait().await;
        }
    }

    /// One tracking connection, until it drops.
    async fn track(&self, client: &redis::Client, backoff: &mut Backoff) -> anyhow::Result<()> {
        let (sender, mut pushes) = mpsc::unbounded_channel();
        let config = redis::AsyncConnectionConfig::new()
            .set_connection_timeout(Some(PING_EVERY * 2))
            .set_response_timeout(Some(PING_EVERY * 2))
            .set_push_sender(sender);
        let mut conn = client
            .get_multiplexed_async_connection_with_config(&config)
            .await?;
        let mut tracking = redis::cmd("CLIENT");
        tracking.arg("TRACKING").arg("ON").arg("BCAST");
        for prefix in &self.prefixes {
            tracking.arg("PREFIX").arg(prefix);
        }
        let () = tracking.query_async(&mut conn).await?;
        self.set_live(true);
        backoff.reset();
        tracing::info!(prefixes = ?self.prefixes, "Redis tracks learners' cached answers for this process");
        let mut ping = tokio::time::interval(PING_EVERY);
        loop {
            tokio::select! {
                push = pushes.recv() => match push {
                    Some(push) if push.kind == PushKind::Disconnection => return Ok(()),
                    Some(push) => self.heard(&push),
                    None => return Ok(()),
                },
                _ = ping.tick() => {
                    let _: String = redis::cmd("PING").query_async(&mut conn).await?;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache() -> NearCache {
        let cache = NearCache::new(vec!["p:".into(), "s:".into()]);
        cache.set_live(true);
        cache
    }

    fn invalidate(keys: &[&str]) -> PushInfo {
        PushInfo {
            kind: PushKind::Invalidate,
            data: vec![Value::Array(
                keys.iter()
                    .map(|key| Value::BulkString(key.as_bytes().to_vec()))
                    .collect(),
            )],
        }
    }

    #[test]
    fn only_tracked_keys_are_kept_and_only_while_tracking_is_on() {
        let cache = NearCache::new(vec!["p:".into()]);
        let now = Instant::now();
        assert!(cache.ticket("p:1").is_none(), "tracking is not on yet");
        cache.set_live(true);
        assert!(cache.ticket("other:1").is_none());
        let ticket = cache.ticket("p:1").unwrap();
        assert!(cache.keep("p:1", ticket, 7_i64, now));
        assert_eq!(cache.get::<i64>("p:1", now), Some(7));
        assert_eq!(cache.get::<String>("p:1", now), None, "another type");
        assert_eq!(cache.get::<i64>("p:1", now + TTL), None, "too old");

        cache.set_live(false);
        assert_eq!(cache.get::<i64>("p:1", now), None, "dropped with tracking");
        assert!(!cache.keep("p:1", ticket, 7_i64, now));
    }

    #[test]
    fn a_change_heard_during_the_read_spends_the_ticket() {
        let cache = cache();
        let now = Instant::now();
        let ticket = cache.ticket("p:1").unwrap();
        cache.heard(&invalidate(&["p:1"]));
        assert!(!cache.keep("p:1", ticket, 1_i64, now));
        assert_eq!(cache.get::<i64>("p:1", now), None);

        // Tracking restarted during the read: spent too.
        let ticket = cache.ticket("p:1").unwrap();
        cache.set_live(false);
        cache.set_live(true);
        assert!(!cache.keep("p:1", ticket, 1_i64, now));

        // A ticket is for its own key's bucket.
        let ticket = cache.ticket("p:1").unwrap();
        let other = (0..)
            .map(|n| format!("p:{n}"))
            .find(|key| cache.bucket(key) != ticket.bucket)
            .unwrap();
        assert!(!cache.keep(&other, ticket, 1_i64, now));
        assert!(cache.keep("p:1", ticket, 1_i64, now));
    }

    #[test]
    fn heard_changes_drop_copies() {
        let cache = cache();
        let now = Instant::now();
        for key in ["p:1", "p:2", "s:1"] {
            let ticket = cache.ticket(key).unwrap();
            assert!(cache.keep(key, ticket, key.to_owned(), now));
        }
        cache.heard(&invalidate(&["p:1", "s:1"]));
        assert_eq!(cache.get::<String>("p:1", now), None);
        assert_eq!(cache.get::<String>("s:1", now), None);
        assert_eq!(cache.get::<String>("p:2", now).as_deref(), Some("p:2"));

        // After FLUSHALL Redis sends null instead of keys.
        let ticket = cache.ticket("p:3").unwrap();
        cache.heard(&PushInfo {
            kind: PushKind::Invalidate,
            data: vec![Value::Nil],
        });
        assert_eq!(cache.get::<String>("p:2", now), None);
        assert!(!cache.keep("p:3", ticket, 3_i64, now));

        // Other pushes change nothing.
        let ticket = cache.ticket("p:3").unwrap();
        cache.heard(&PushInfo {
            kind: PushKind::Message,
            data: vec![Value::Nil],
        });
        assert!(cache.keep("p:3", ticket, 3_i64, now));
    }

    #[test]
    fn a_full_cache_starts_again() {
        let cache = cache();
        let now = Instant::now();
        for n in 0..=CAPACITY {
            let key = format!("p:{n}");
            let ticket = cache.ticket(&key).unwrap();
            assert!(cache.keep(&key, ticket, n, now));
        }
        assert_eq!(cache.get::<usize>("p:0", now), None);
        assert_eq!(
            cache.get::<usize>(&format!("p:{CAPACITY}"), now),
            Some(CAPACITY)
        );
    }
}
