//! The API's settings, read once at start-up.

use std::time::Duration;

use anyhow::Context;
use contract::client_address::TrustedProxies;
use contract::config::{env_or_file, parse_or, secret};
use contract::serve::HttpLimits;
use contract::Keys;
use secrecy::SecretString;

use crate::limits::RateLimits;

/// Everything programming-api needs to start.
///
/// Environment (each also as `NAME_FILE`, docker-secret style):
/// - `DATABASE_URL` (required): the Postgres database the migrations prepared.
/// - `REDIS_URL` (required): the Redis server holding the work queue and the cache.
/// - `REDIS_PREFIX` (default `cp:`): prepended to every Redis name, see [`Keys`].
/// - `API_PORT` (default `8081`): the port `main.rs` binds on `0.0.0.0`.
/// - `ADMIN_USERNAME` and `ADMIN_PASSWORD` (optional, together): the admin account
///   upserted at start-up; without them nobody can log in as admin.
/// - `RATE_LIMIT_*`: see [`RateLimits::from_env`]; `TRUSTED_PROXIES`: see
///   [`TrustedProxies::from_env`]; `HTTP_*_TIMEOUT_MS`: see [`HttpLimits::from_env`].
/// - `CHECK_WAIT_MS` (default 20000): see [`Config::check_wait`].
#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub redis_url: String,
    pub keys: Keys,
    pub port: u16,
    pub admin: Option<AdminCredentials>,
    pub limits: RateLimits,
    /// Peers whose `X-Real-IP` names the client that rate limits count.
    pub trusted_proxies: TrustedProxies,
    pub http: HttpLimits,
    /// How long saving an assignment waits for a grader to run its reference solution
    /// (`CHECK_WAIT_MS`, default 20000: under the 30 s request timeout).
    pub check_wait: Duration,
}

/// The one admin account, as configured by the operator.
#[derive(Debug, Clone)]
pub struct AdminCredentials {
    pub username: String,
    /// Held as a secret so that it never shows up in logs or `Debug` output.
    pub password: SecretString,
}

impl Config {
    pub fn from_env() -> anyhow::Result<Config> {
        let admin = match env_or_file("ADMIN_USERNAME")?.filter(|name| !name.trim().is_empty()) {
            Some(username) => Some(AdminCredentials {
                username: username.trim().to_owned(),
                password: secret("ADMIN_PASSWORD")
                    .context("ADMIN_USERNAME is set, so ADMIN_PASSWORD is needed too")?,
            }),
            None => None,
        };
        Ok(Config {
            database_url: contract::config::database_url()?,
            redis_url: contract::config::redis_url()?,
            keys: Keys::from_env()?,
            port: parse_or("API_PORT", 8081)?,
            admin,
            limits: RateLimits::from_env()?,
            trusted_proxies: TrustedProxies::from_env()?,
            http: HttpLimits::from_env()?,
            check_wait: Duration::from_millis(parse_or("CHECK_WAIT_MS", 20_000)?),
        })
    }
}
