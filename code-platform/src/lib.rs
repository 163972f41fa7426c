//! All of code-platform in one process on one port: the REST API, the websocket relay
//! and a grader, sharing one listener (`/api/*`, `/ws`).
//!
//! This is the local mode `./platform up` runs and the harness of the end-to-end
//! tests. Each service is still built by its own crate's `build`, exactly as its own
//! binary does in the swarm, so this file only wires them together.

use std::future::Future;

use anyhow::Context;
use axum::response::Html;
use axum::routing::get;
use contract::config::{env_or_file, parse_or, required};
use contract::Keys;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

/// Settings of the all-in-one process, read once at start-up.
///
/// Environment: `DATABASE_URL`, `REDIS_URL` (or their `_FILE` variants), `REDIS_PREFIX`
/// (default `cp:`), `GRADER_IMAGE` (default `code-platform/grader:latest`),
/// `GRADER_SLOTS` (default 4), and optionally `ADMIN_USERNAME` with `ADMIN_PASSWORD`.
#[derive(Debug)]
pub struct Settings {
    pub database_url: String,
    pub redis_url: String,
    /// Prepended to every Redis key, so several platforms can share one Redis.
    pub redis_prefix: String,
    pub grader_image: String,
    /// How many submissions this process grades at once.
    pub grader_slots: usize,
    pub admin: Option<programming_api::AdminCredentials>,
}

impl Settings {
    pub fn from_env() -> anyhow::Result<Settings> {
        let admin = match env_or_file("ADMIN_USERNAME")? {
            Some(username) => Some(programming_api::AdminCredentials {
                username,
                password: contract::config::secret("ADMIN_PASSWORD")?,
            }),
            None => None,
        };
        Ok(Settings {
            database_url: required("DATABASE_URL")?,
            redis_url: required("REDIS_URL")?,
            redis_prefix: parse_or("REDIS_PREFIX", "cp:".to_owned())?,
            grader_image: parse_or("GRADER_IMAGE", "code-platform/grader:latest".to_owned())?,
            grader_slots: parse_or("GRADER_SLOTS", 4)?,
            admin,
        })
    }
}

/// Builds every service and serves them on `listener` until `shutdown` resolves; then
/// stops accepting, lets the grader finish what it is running, and returns.
pub async fn serve(
    listener: TcpListener,
    settings: Settings,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let keys = Keys::new(settings.redis_prefix.clone());
    let api = programming_api::build(programming_api::Config {
        database_url: settings.database_url.clone(),
        redis_url: settings.redis_url.clone(),
        keys: keys.clone(),
        port: 0,
        admin: settings.admin,
    })
    .await
    .context("starting the API")?;
    let relay = websocket::build(websocket::Config {
        database_url: settings.database_url.clone(),
        redis_url: settings.redis_url.clone(),
        keys: keys.clone(),
        port: 0,
    })
    .await
    .context("starting the websocket relay")?;
    let mut grader_config =
        grader_api::Config::with_defaults(settings.database_url, settings.redis_url, keys);
    grader_config.slots = settings.grader_slots;
    grader_config.sandbox.image = settings.grader_image;
    let grader = grader_api::build(grader_config)
        .await
        .context("starting the grader")?;

    let router = api
        .router()
        .merge(relay.ws_router())
        .route("/", get(|| async { Html(include_str!("index.html")) }));

    let stop = CancellationToken::new();
    let worker = tokio::spawn(grader.work(stop.clone().cancelled_owned()));
    tracing::info!(addr = %listener.local_addr()?, "code-platform is serving");
    let serving = axum::serve(listener, router).with_graceful_shutdown({
        let stop = stop.clone();
        async move {
            tokio::select! {
                () = shutdown => {}
                () = stop.cancelled() => {}
            }
            stop.cancel();
        }
    });
    let served = serving.await.context("serving HTTP");
    // Whatever ended the server, the grader stops too (and the other way round).
    stop.cancel();
    let worked = worker.await.context("the grader task panicked")?;
    drop(relay);
    served?;
    worked
}
