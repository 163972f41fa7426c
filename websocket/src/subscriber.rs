//! The process's one Redis subscription: `PSUBSCRIBE` to every learner channel,
//! `SUBSCRIBE` to the admins' channel, and hand each message to the hub, reconnecting with backoff when the connection drops.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::extract::ws::Utf8Bytes;
use contract::backoff::Backoff;
use contract::Keys;
use futures::StreamExt;
use redis::aio::{PubSubSink, PubSubStream};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::hub::Published;
use crate::metrics::Metrics;
use crate::registry::Audience;

/// How often the subscription is pinged: a half-open TCP connection delivers nothing
/// and reports no error, so silence alone proves nothing.
const PING_INTERVAL: Duration = Duration::from_secs(15);
/// How long connecting, subscribing or a ping may take before the connection is
/// considered dead.
const REDIS_TIMEOUT: Duration = Duration::from_secs(5);

/// A live subscription.
pub(crate) struct Subscription {
    sink: PubSubSink,
    stream: PubSubStream,
}

/// Connects and subscribes once.
async fn subscribe(client: &redis::Client, keys: &Keys) -> anyhow::Result<Subscription> {
    let attempt = async {
        let mut pubsub = client
            .get_async_pubsub()
            .await
            .context("connecting to redis")?;
        pubsub
            .psubscribe(keys.user_channel_pattern())
            .await
            .context("PSUBSCRIBE")?;
        pubsub
            .subscribe(keys.admin_channel())
            .await
            .context("SUBSCRIBE")?;
        let (sink, stream) = pubsub.split();
        anyhow::Ok(Subscription { sink, stream })
    };
    tokio::time::timeout(REDIS_TIMEOUT, attempt)
        .await
        .context("redis timed out")?
}

/// Subscribes, retrying with exponential backoff (capped at 5 s) until it works or
/// `shutdown` is cancelled (then `None`).
pub(crate) async fn subscribe_with_retry(
    client: &redis::Client,
    keys: &Keys,
    shutdown: &CancellationToken,
) -> Option<Subscription> {
    let mut backoff = Backoff::for_dependencies();
    loop {
        match subscribe(client, keys).await {
            Ok(subscription) => return Some(subscription),
            Err(err) => {
                tracing::warn!(
                    error = format!("{err:#}"),
                    retry_in_ms = backoff.peek().as_millis() as u64,
                    "waiting for redis"
                );
            }
        }
        if !backoff.wait_unless(shutdown).await {
            return None;
        }
    }
}

/// Everything the subscriber task needs.
pub(crate) struct Subscriber {
    pub(crate) client: redis::Client,
    pub(crate) keys: Keys,
    pub(crate) events: mpsc::Sender<Published>,
    /// True while a subscription is confirmed; `/api/ready` reports it.
    pub(crate) alive: Arc<AtomicBool>,
    pub(crate) metrics: Arc<Metrics>,
    pub(crate) shutdown: CancellationToken,
}

impl Subscriber {
    /// Relays messages until shutdown, starting from an already confirmed subscription.
    #[tracing::instrument(name = "subscriber", skip_all)]
    pub(crate) async fn run(self, mut subscription: Subscription) {
        loop {
            self.alive.store(true, Ordering::Relaxed);
            let lost = self.relay(&mut subscription).await;
            self.alive.store(false, Ordering::Relaxed);
            let Err(reason) = lost else { return };
            tracing::warn!(reason, "redis subscription lost; reconnecting");
            match subscribe_with_retry(&self.client, &self.keys, &self.shutdown).await {
                Some(fresh) => {
                    tracing::info!("redis subscription restored");
                    subscription = fresh;
                }
                None => return,
            }
        }
    }

    /// Forwards messages from one subscription. `Ok` on shutdown, `Err` when it died.
    async fn relay(&self, subscription: &mut Subscription) -> Result<(), &'static str> {
        let mut ping = tokio::time::interval(PING_INTERVAL);
        ping.reset();
        loop {
            tokio::select! {
                () = self.shutdown.cancelled() => return Ok(()),
                message = subscription.stream.next() => {
                    let Some(message) = message else { return Err("connection closed") };
                    if let Some(event) = self.decode(&message) {
                        // The hub only stops on shutdown, which ends this loop as well.
                        if self.events.send(event).await.is_err() {
                            return Ok(());
                        }
                    }
                }
                _ = ping.tick() => {
                    let pong = subscription.sink.ping::<redis::Value>();
                    match tokio::time::timeout(REDIS_TIMEOUT, pong).await {
                        Ok(Ok(_)) => {}
                        Ok(Err(_)) => return Err("ping failed"),
                        Err(_) => return Err("ping timed out"),
                    }
                }
            }
        }
    }

    fn decode(&self, message: &redis::Msg) -> Option<Published> {
        let channel = message.get_channel_name();
        let audience = if channel == self.keys.admin_channel() {
            Audience::Admins
        } else if let Some(user) = self.keys.user_of_channel(channel) {
            Audience::Learner(user)
        } else {
            tracing::warn!(channel, "message on a channel that names no learner");
            self.metrics.add_dropped(1);
            return None;
        };
        match String::from_utf8(message.get_payload_bytes().to_vec()) {
            Ok(text) => Some(Published {
                audience,
                text: Utf8Bytes::from(text),
            }),
            Err(_) => {
                tracing::warn!(channel, "dropping a payload that is not UTF-8 text");
                self.metrics.add_dropped(1);
                None
            }
        }
    }
}
