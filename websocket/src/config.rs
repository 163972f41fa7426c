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
/// - `HTTP_HEADER_READ_TIMEOUT_MS`, `HTTP_REQUEST_TIMEOUT_MS`: see [`HttpLimits`].
#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub redis_url: String,
    pub keys: Keys,
    pub port: u16,
    pub http: HttpLimits,
}

impl Config {
    pub fn from_env() -> anyhow::Result<Config> {
        Ok(Config {
            database_url: contract::config::database_url()?,
            redis_url: contract::config::redis_url()?,
            keys: Keys::new(parse_or("REDIS_PREFIX", "cp:".to_owned())?),
            port: parse_or("WS_PORT", 8083)?,
            http: HttpLimits::from_env()?,
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
