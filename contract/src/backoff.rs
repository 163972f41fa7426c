//! Waiting between retries: the one exponential backoff every loop that retries uses.
//!
//! Every service waits for what it depends on (Postgres, Redis, the migrations) the same
//! way: 100 ms, doubling up to 5 s, each failure logged with the wait that follows.

use std::fmt::Display;
use std::future::Future;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

/// Exponential backoff: `first`, doubling with each wait, never above `max`.
#[derive(Debug, Clone)]
pub struct Backoff {
    first: Duration,
    max: Duration,
    next: Duration,
}

impl Backoff {
    pub const fn new(first: Duration, max: Duration) -> Backoff {
        Backoff {
            first,
            max,
            next: first,
        }
    }

    /// How every service waits for a dependency: 100 ms doubling up to 5 s.
    pub const fn for_dependencies() -> Backoff {
        Backoff::new(Duration::from_millis(100), Duration::from_secs(5))
    }

    /// The wait to make now; the next one is twice as long, up to the cap.
    pub fn next_delay(&mut self) -> Duration {
        let delay = self.next;
        self.next = (self.next * 2).min(self.max);
        delay
    }

    /// The wait the next [`Backoff::wait`] would make, for logging.
    pub fn peek(&self) -> Duration {
        self.next
    }

    /// Back to the first wait, after a success.
    pub fn reset(&mut self) {
        self.next = self.first;
    }

    /// Sleeps the next wait.
    pub async fn wait(&mut self) {
        tokio::time::sleep(self.next_delay()).await;
    }

    /// Sleeps the next wait unless `shutdown` comes first; `false` when it did.
    pub async fn wait_unless(&mut self, shutdown: &CancellationToken) -> bool {
        tokio::select! {
            () = self.wait() => true,
            () = shutdown.cancelled() => false,
        }
    }
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff::for_dependencies()
    }
}

/// Calls `attempt` until it succeeds, logging each failure as "waiting for `what`" with
/// the wait that follows: for start-up, where nothing can go on without the dependency.
pub async fn until_ok<T, E, F, Fut>(what: &str, mut attempt: F) -> T
where
    E: Display,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, E>>,
{
    let mut backoff = Backoff::for_dependencies();
    loop {
        match attempt().await {
            Ok(value) => return value,
            Err(err) => {
                tracing::warn!(error = %err, retry_in_ms = backoff.peek().as_millis() as u64,
                    "waiting for {what}");
                backoff.wait().await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_cap_and_starts_over_on_reset() {
        let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_millis(350));
        let waits: Vec<u128> = (0..4).map(|_| backoff.next_delay().as_millis()).collect();
        assert_eq!(waits, [100, 200, 350, 350]);
        backoff.reset();
        assert_eq!(backoff.next_delay(), Duration::from_millis(100));
    }

    #[tokio::test]
    async fn retries_until_the_attempt_succeeds() {
        let mut failures = 3;
        let value = until_ok("a test", || {
            let result = if failures > 0 { Err("not yet") } else { Ok(7) };
            failures -= 1;
            async move { result }
        })
        .await;
        assert_eq!(value, 7);
    }

    #[tokio::test]
    async fn a_wait_ends_early_on_shutdown() {
        let shutdown = CancellationToken::new();
        shutdown.cancel();
        assert!(!Backoff::for_dependencies().wait_unless(&shutdown).await);
    }
}
