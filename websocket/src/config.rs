//! The relay's settings, read once at start-up.

use std::fmt;

use contract::config::parse_or;
use contract::serve::HttpLimits;
use contract::Keys;

/// Everything the relay needs to start.
///
/// Read from the environment by [`Config::from_env`] (each `X` may instead be given
/// as a file named by `X_FILE`, docker-secret style):
/// - `DATABASE_URL` (required): Postgres, used to resolve session tokens.
/// - `REDIS_URL` (required): Redis, for the one pattern subscription.
/// - `REDIS_PREFIX` (default `cp:`): the prefix of every Redis name.
/// - `WS_PORT` (default `8083`): the port `main` listens on.
/// - `WS_MAX_CONNECTIONS` (default 10000; a socket costs the relay about 9 KiB) and
///   `WS_MAX_CONNECTIONS_PER_USER` (default 16):
///   see [`SocketLimits`].
/// - `HTTP_HEADER_READ_TIMEOUT_MS`, `HTTP_REQUEST_TIMEOUT_MS`: see [`HttpLimits`].
#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub redis_url: String,
    pub keys: Keys,
    pub port: u16,
    pub sockets: SocketLimits,
    pub http: HttpLimits,
}

/// How many WebSockets the relay keeps open. Beyond them a new socket is closed at once
/// with a close code that says why (see `connection`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SocketLimits {
    /// Sockets per process: each costs a task, a queue and buffers, and the stack gives
    /// a relay replica 256 MB. Another replica may have room, so the client retries.
    pub per_process: usize,
    /// Sockets per user: a learner has a tab or a few, plus sockets a flaky network left
    /// behind until their ping times out. An admin's dashboards count the same way.
    pub per_user: usize,
}

impl Default for SocketLimits {
    fn default() -> Self {
        SocketLimits {
            per_process: 10_000,
            per_user: 16,
        }
    }
}

impl Config {
    pub fn from_env() -> anyhow::Result<Config> {
        Ok(Config {
            database_url: contract::config::database_url()?,
            redis_url: contract::config::redis_url()?,
            keys: Keys::from_env()?,
            port: parse_or("WS_PORT", 8083)?,
            sockets: Config::socket_limits_from_env()?,
            http: HttpLimits::from_env()?,
        })
    }

    /// `WS_MAX_CONNECTIONS` and `WS_MAX_CONNECTIONS_PER_USER`.
    pub fn socket_limits_from_env() -> anyhow::Result<SocketLimits> {
        let defaults = SocketLimits::default();
        Ok(SocketLimits {
            per_process: parse_or("WS_MAX_CONNECTIONS", defaults.per_process)?,
            per_user: parse_or("WS_MAX_CONNECTIONS_PER_USER", defaults.per_user)?,
        })
    }
}

// Both URLs usually carry a password, so `Debug` must not print them.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &"<redacted>")
            .field("redis_url", &"<redacted>")
            .field("keys", &self.keys)
            .field("port", &self.port)
            .field("sockets", &self.sockets)
            .field("http", &self.http)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_urls() {
        let config = Config {
            database_url: "postgres://u:pg-secret@h/db".into(),
            redis_url: "redis://:redis-secret@h/".into(),
            keys: Keys::default(),
            port: 1,
            sockets: SocketLimits::default(),
            http: HttpLimits::default(),
        };
        let printed = format!("{config:?}");
        assert!(
            !printed.contains("pg-secret") && !printed.contains("redis-secret"),
            "{printed}"
        );
        assert!(printed.contains("cp:"), "{printed}");
    }
}
