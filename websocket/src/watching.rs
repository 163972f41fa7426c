//! Tells the API replicas that teachers are watching: while this process has an admin
//! socket it keeps [`contract::Keys::admins_watching`] alive, and stats frames are
//! computed only while that key exists.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use contract::Keys;
use redis::aio::MultiplexedConnection;
use tokio_util::sync::CancellationToken;

/// How often the key is renewed.
const INTERVAL: Duration = Duration::from_secs(1);
/// Its expiry: a relay that stops renewing (it died, or its admins left) stops the stats
/// within this.
const EXPIRY: Duration = Duration::from_secs(3);
/// How long connecting or one command may take.
const TIMEOUT: Duration = Duration::from_secs(2);

/// Renews the key every [`INTERVAL`] while `admins` (the hub's count of admin sockets) is
/// not zero, until `shutdown`.
pub(crate) async fn announce(
    client: redis::Client,
    keys: Keys,
    admins: Arc<AtomicUsize>,
    shutdown: CancellationToken,
) {
    let mut connection: Option<MultiplexedConnection> = None;
    let mut ticks = tokio::time::interval(INTERVAL);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            _ = ticks.tick() => {}
        }
        if admins.load(Ordering::Relaxed) == 0 {
            continue;
        }
        if connection.is_none() {
            match tokio::time::timeout(TIMEOUT, client.get_multiplexed_async_connection()).await {
                Ok(Ok(fresh)) => connection = Some(fresh),
                _ => {
                    tracing::debug!("redis is unreachable; stats wait for it");
                    continue;
                }
            }
        }
        let Some(redis) = connection.as_mut() else {
            continue;
        };
        let mut renew = redis::cmd("SET");
        renew
            .arg(keys.admins_watching())
            .arg(1)
            .arg("PX")
            .arg(EXPIRY.as_millis() as u64);
        let renewed = renew.query_async::<()>(redis);
        if !matches!(tokio::time::timeout(TIMEOUT, renewed).await, Ok(Ok(()))) {
            tracing::debug!("renewing the watching key failed; reconnecting");
            connection = None;
        }
    }
}
