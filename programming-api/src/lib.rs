//! programming-api: the REST API learners (and, later, admins) use.
//!
//! It serves the assignment catalog and progress (read through a Redis cache), takes
//! submissions (reusing an earlier verdict for identical code, otherwise storing a
//! queued row and adding it to the Redis work stream), and issues session tokens.
//! [`build`] connects to Postgres and Redis; [`App::run`] serves until shutdown.

mod authoring;
mod cache;
mod catalog;
mod code;
mod config;
mod error;
mod extract;
mod languages;
mod limits;
mod line;
mod memo;
mod metrics;
mod near;
mod openapi;
mod password;
mod regrade;
mod reserved;
mod routes;
mod sessions;
mod shared_redis;
mod state;
mod stats;
mod submit;
mod transfer;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use deadpool_redis::{PoolConfig, Runtime, Timeouts};
use secrecy::SecretString;
use tokio_util::task::AbortOnDropHandle;

pub use config::{AdminCredentials, Config};
pub use limits::{Limit, RateLimits};

use contract::serve::HttpLimits;
use limits::RateLimiter;
use state::AppState;

/// Postgres connections per API process. A submission holds one for a single statement,
/// but its commit waits for the WAL flush: with 10, a deadline's rush waited for the pool
/// (intake 1,600-1,800/s, 1,870-2,180/s with 20; issue 15). Two replicas and the graders
/// stay far below the stack's `max_connections` (200).
const DB_MAX_CONNECTIONS: u32 = 20;
/// How long a request waits for, or to open, a Redis connection before the read
/// falls back to Postgres (or a write fails with 503).
const REDIS_TIMEOUT: Duration = Duration::from_secs(2);

/// A connected API, ready to serve.
pub struct App {
    state: AppState,
    http: HttpLimits,
    /// The stats rounds (`stats::tick`), stopped with the app.
    _ticker: AbortOnDropHandle<()>,
    /// The connection Redis tells of changes to learners' cached answers (`near.rs`).
    _tracking: AbortOnDropHandle<()>,
}

/// Connects to Postgres and Redis and makes sure the configured admin exists.
pub async fn build(config: Config) -> anyhow::Result<App> {
    let db = contract::connect::postgres(&config.database_url, DB_MAX_CONNECTIONS).await?;
    let mut redis_config = deadpool_redis::Config::from_url(config.redis_url.clone());
    redis_config.pool = Some(PoolConfig {
        timeouts: Timeouts {
            wait: Some(REDIS_TIMEOUT),
            create: Some(REDIS_TIMEOUT),
            recycle: Some(REDIS_TIMEOUT),
        },
        ..PoolConfig::default()
    });
    let redis = redis_config
        .create_pool(Some(Runtime::Tokio1))
        .context("creating the redis pool")?;
    tokio::spawn(wait_for_redis(redis.clone()));
    if let Some(admin) = &config.admin {
        password::upsert_admin(&db, admin).await?;
    }
    let dummy_password_hash =
        password::hash(SecretString::from(contract::auth::new_token())).await?;
    let shared_redis = shared_redis::SharedRedis::new(&config.redis_url, REDIS_TIMEOUT)?;
    let limiter = RateLimiter::new(config.limits, shared_redis.clone(), config.keys.clone());
    let near = Arc::new(near::NearCache::new(vec![
        config.keys.progress_cache_prefix(),
        config.keys.submission_cache_prefix(),
    ]));
    let tracking = AbortOnDropHandle::new(tokio::spawn(
        Arc::clone(&near).follow(shared_redis.client()),
    ));
    let state = AppState::new(state::Shared {
        db,
        redis,
        keys: config.keys,
        metrics: Arc::default(),
        dummy_password_hash: dummy_password_hash.into(),
        limiter,
        trusted_proxies: Arc::new(config.trusted_proxies),
        check_wait: config.check_wait,
        queue_model: line::Fresh::new(stats::MODEL_TTL),
        line: line::Line::default(),
        sessions: sessions::Sessions::default(),
        catalog: memo::CatalogMemo::default(),
        shared_redis,
        near,
    });
    let ticker = AbortOnDropHandle::new(tokio::spawn(stats::tick(state.clone())));
    Ok(App {
        state,
        http: config.http,
        _ticker: ticker,
        _tracking: tracking,
    })
}

/// Logs, with backoff (capped at 5 s), until Redis first answers. The API does not
/// wait for it: without Redis, reads fall back to Postgres and submissions answer 503,
/// so it may start before Redis does and serve what it can meanwhile.
async fn wait_for_redis(pool: deadpool_redis::Pool) {
    contract::backoff::until_ok(
        "redis (until it answers, submissions answer 503)",
        || async {
            let mut conn = pool.get().await?;
            let _: String = deadpool_redis::redis::cmd("PING")
                .query_async(&mut conn)
                .await?;
            anyhow::Ok(())
        },
    )
    .await;
}

impl App {
    /// Every route, including `/api/health`, `/api/ready` and `/metrics`.
    pub fn router(&self) -> Router {
        routes::router(self.state.clone())
    }

    /// Serves on `listener` until `shutdown` completes, then finishes in-flight requests.
    pub async fn run(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let address = listener
            .local_addr()
            .context("reading the listener's address")?;
        tracing::info!(%address, "programming-api listening");
        contract::serve::serve(listener, self.router(), self.http, shutdown).await
    }
}
