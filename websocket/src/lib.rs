//! The live-update relay (API.md "Live updates").
//!
//! Graders publish each submission event on the learner's Redis channel (the learner's
//! view) and on the admins' channel (the teachers' view), where the API also publishes
//! stats. This crate holds ONE subscription per process ([`subscriber`]: a pattern for
//! the learners' channels and the admins' channel), hands every message to a single hub
//! task ([`hub`]) that fans it out to that learner's sockets or to every admin socket,
//! keeps the API told whether admins are watching ([`watching`]), and serves `GET /ws` ([`upgrade`], [`connection`]). Payloads are
//! forwarded unchanged; frames for one submission keep their order because one task
//! reads the subscription and each socket drains a FIFO queue.

mod config;
mod connection;
mod error;
mod hub;
mod metrics;
mod ops;
mod registry;
mod subscriber;
mod upgrade;
mod watching;

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::sync::Arc;

use anyhow::Context;
use axum::routing::get;
use axum::Router;
use contract::serve::HttpLimits;
use sqlx::PgPool;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::{CancellationToken, DropGuard};
use tower_http::trace::TraceLayer;

pub use config::{Config, SocketLimits};
pub use error::RelayError;

use connection::ConnectionContext;
use metrics::Metrics;
use subscriber::Subscriber;

/// Events waiting for the hub; the subscription's own buffer absorbs any burst beyond.
const EVENT_BUFFER: usize = 1024;

/// A running relay: the hub and the subscription are live, sockets can be served.
///
/// The hub stops on [`Relay::shutdown`], when [`Relay::run`]'s shutdown future
/// completes, or when the relay and every router made from it have been dropped.
pub struct Relay {
    state: AppState,
    shutdown: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
    http: HttpLimits,
}

/// What the routes share.
#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) db: PgPool,
    pub(crate) connection: ConnectionContext,
    pub(crate) subscription_alive: Arc<AtomicBool>,
    /// Stops the hub when the last router or relay holding it is dropped.
    _lifetime: Arc<DropGuard>,
}

/// Connects to Postgres and Redis (waiting for both), subscribes, and starts the hub.
/// When this returns the subscription is confirmed, so no later event is missed.
pub async fn build(config: Config) -> anyhow::Result<Relay> {
    let db = contract::connect::postgres(&config.database_url, 5).await?;
    let client = redis::Client::open(config.redis_url.as_str()).context("parsing REDIS_URL")?;
    let shutdown = CancellationToken::new();
    let subscription = subscriber::subscribe_with_retry(&client, &config.keys, &shutdown)
        .await
        .context("subscribing to redis")?;

    let metrics = Arc::new(Metrics::default());
    let (events, event_receiver) = mpsc::channel(EVENT_BUFFER);
    let admins = Arc::new(AtomicUsize::new(0));
    let (hub, hub_task) = hub::spawn(
        event_receiver,
        config.sockets,
        Arc::clone(&metrics),
        Arc::clone(&admins),
        shutdown.clone(),
    );
    let watching_task = tokio::spawn(watching::announce(
        client.clone(),
        config.keys.clone(),
        admins,
        shutdown.clone(),
    ));
    let subscription_alive = Arc::new(AtomicBool::new(true));
    let subscriber = Subscriber {
        client,
        keys: config.keys,
        events,
        alive: Arc::clone(&subscription_alive),
        metrics: Arc::clone(&metrics),
        shutdown: shutdown.clone(),
    };
    let subscriber_task = tokio::spawn(subscriber.run(subscription));

    let state = AppState {
        db,
        connection: ConnectionContext {
            hub,
            metrics,
            shutdown: shutdown.clone(),
        },
        subscription_alive,
        _lifetime: Arc::new(shutdown.clone().drop_guard()),
    };
    Ok(Relay {
        state,
        shutdown,
        tasks: vec![hub_task, subscriber_task, watching_task],
        http: config.http,
    })
}

impl Relay {
    /// Only `GET /ws`, for merging into the all-in-one router.
    pub fn ws_router(&self) -> Router {
        Router::new()
            .route("/ws", get(upgrade::ws))
            .with_state(self.state.clone())
    }

    /// `/ws` plus `/api/health`, `/api/ready` and `/metrics`.
    pub fn router(&self) -> Router {
        let ops = Router::new()
            .route("/api/health", get(contract::health::alive))
            .route("/api/ready", get(ops::ready))
            .route("/metrics", get(ops::metrics))
            .with_state(self.state.clone());
        self.ws_router()
            .merge(ops)
            .layer(TraceLayer::new_for_http())
    }

    /// Stops the hub and the subscription and closes every socket (code 1001).
    pub fn shutdown(&self) {
        self.shutdown.cancel();
    }

    /// Serves [`Relay::router`] on `listener` until `shutdown` completes, then closes
    /// every socket and waits for the hub and the subscription to stop.
    pub async fn run(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let address = listener
            .local_addr()
            .context("reading the listener's address")?;
        tracing::info!(%address, "websocket relay listening");
        let stop = self.shutdown.clone();
        let served = contract::serve::serve(listener, self.router(), self.http, async move {
            shutdown.await;
            // Upgraded sockets outlive the HTTP server's graceful shutdown; this closes them.
            stop.cancel();
        })
        .await;
        self.shutdown.cancel();
        for task in self.tasks {
            if let Err(err) = task.await {
                tracing::error!(error = %err, "a relay task panicked");
            }
        }
        served.context("serving the websocket relay")
    }
}
