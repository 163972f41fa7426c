//! One multiplexed Redis connection that every request's cache reads share.
//!
//! The pool (`deadpool_redis`) checks each connection it hands out with a round trip of its
//! own (`UNWATCH` + `PING`), so a cache read through it cost two round trips; here reads
//! of concurrent requests are pipelined on one connection, which reconnects by itself
//! (`ConnectionManager`). It is made on first use: the API starts without Redis, and
//! until Redis answers a read is a miss, as before.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use tokio::sync::OnceCell;

#[derive(Clone)]
pub(crate) struct SharedRedis {
    client: redis::Client,
    connection: Arc<OnceCell<ConnectionManager>>,
    timeout: Duration,
}

impl SharedRedis {
    /// For `url`; each connection attempt and each answer waits at most `timeout`.
    pub(crate) fn new(url: &str, timeout: Duration) -> anyhow::Result<SharedRedis> {
        Ok(SharedRedis {
            client: redis::Client::open(url).context("the Redis address")?,
            connection: Arc::default(),
            timeout,
        })
    }

    /// A client for Redis at the same address, for connections of other kinds.
    pub(crate) fn client(&self) -> redis::Client {
        self.client.clone()
    }

    /// The shared connection (a cheap handle to it).
    pub(crate) async fn connection(&self) -> anyhow::Result<ConnectionManager> {
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(self.timeout))
            .set_response_timeout(Some(self.timeout))
            .set_number_of_retries(2);
        let connection = self
            .connection
            .get_or_try_init(|| ConnectionManager::new_with_config(self.client.clone(), config))
            .await
            .context("connecting to Redis")?;
        Ok(connection.clone())
    }
}
