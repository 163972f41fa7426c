//! What every handler shares.

use std::sync::Arc;

use contract::client_address::TrustedProxies;
use contract::Keys;
use deadpool_redis::Pool as RedisPool;
use sqlx::PgPool;

use crate::limits::RateLimiter;
use crate::metrics::Metrics;

/// A cheap handle to what every handler shares: axum clones the state for each
/// extractor of each request, so it is one `Arc` (cloning the fields was 6% of a cached
/// GET's CPU, issue 15).
#[derive(Clone)]
pub(crate) struct AppState(Arc<Shared>);

impl AppState {
    pub(crate) fn new(shared: Shared) -> AppState {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub(crate) struct Shared {
    pub(crate) db: PgPool,
    pub(crate) redis: RedisPool,
    pub(crate) keys: Keys,
    pub(crate) metrics: Arc<Metrics>,
    /// An argon2 hash of a random password, verified against when a login names an
    /// unknown user, so that a wrong username takes as long as a wrong password.
    pub(crate) dummy_password_hash: Arc<str>,
    pub(crate) limiter: RateLimiter,
    pub(crate) trusted_proxies: Arc<TrustedProxies>,
    /// How long saving an assignment waits for its reference solution's check.
    pub(crate) check_wait: std::time::Duration,
    /// The queue's throughput model (`line::QueueModel`: live slots and the median run),
    /// read again once it is a second old.
    pub(crate) queue_model: crate::line::Fresh<crate::line::QueueModel>,
    /// The queue's order as this process last read it (`line.rs`).
    pub(crate) line: crate::line::Line,
    /// The sessions this process has seen (`sessions.rs`).
    pub(crate) sessions: crate::sessions::Sessions,
    /// The catalog as this process last read it (`memo.rs`).
    pub(crate) catalog: crate::memo::CatalogMemo,
    /// The connection cache reads share (`shared_redis.rs`).
    pub(crate) shared_redis: crate::shared_redis::SharedRedis,
    /// Learners' cached answers kept in this process while Redis tracks them (`near.rs`).
    pub(crate) near: Arc<crate::near::NearCache>,
}

impl AppState {
    /// Runs a Redis pipeline (publishing, enqueueing) on the shared connection.
    pub(crate) async fn run(&self, pipeline: &redis::Pipeline) -> anyhow::Result<()> {
        let mut conn = self.shared_redis.connection().await?;
        let () = pipeline.query_async(&mut conn).await?;
        Ok(())
    }
}
