//! The UI server's settings, read once at start-up.

use std::path::PathBuf;

use contract::client_address::TrustedProxies;
use contract::config::{parse_or, required};
use contract::serve::HttpLimits;

/// Settings of the UI server.
///
/// Environment: `UI_API_URL` (required; where programming-api answers, e.g.
/// `http://programming-api:8081` - the server renders pages with data it reads there,
/// forwarding the learner's cookie), `UI_SITE_ROOT` (default `target/site`: the folder
/// `programming-ui/build.sh` fills with `pkg/`, `style.css` and `editor.js`),
/// `TRUSTED_PROXIES` and `HTTP_*_TIMEOUT_MS` (see `contract`). The binary also reads
/// `UI_PORT` (default 8084) to bind.
#[derive(Debug, Clone)]
pub struct Config {
    /// Base URL of programming-api without a trailing slash.
    pub api_url: String,
    pub site_root: PathBuf,
    /// Peers (the edge) whose `X-Real-IP` names the browser. The UI passes the
    /// browser's address on when it creates a learner, which the API limits per address.
    pub trusted_proxies: TrustedProxies,
    pub http: HttpLimits,
}

impl Config {
    pub fn from_env() -> anyhow::Result<Config> {
        Ok(Config {
            api_url: required("UI_API_URL")?,
            site_root: parse_or("UI_SITE_ROOT", PathBuf::from("target/site"))?,
            trusted_proxies: TrustedProxies::from_env()?,
            http: HttpLimits::from_env()?,
        })
    }
}
