//! All of code-platform in one process on one port: the REST API, the websocket relay,
//! the learner UI and a grader, sharing one listener (`/api/*` and `/metrics`, `/ws`,
//! everything else).
//!
//! This is the local mode `./platform up` runs and the harness of the end-to-end
//! tests. Each service is still built by its own crate's `build`, exactly as its own
//! binary does in the swarm, so this file only wires them together.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use axum::extract::Request;
use axum::Router;
use contract::client_address::TrustedProxies;
use contract::config::{env_or_file, parse_or};
use contract::serve::HttpLimits;
use contract::Keys;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

/// Settings of the all-in-one process, read once at start-up.
///
/// Environment: `DATABASE_URL`, `REDIS_URL` (or their `_FILE` variants), `REDIS_PREFIX`
/// (default `cp:`), the grader's sandbox settings (`GRADER_SANDBOX`, `GRADER_IMAGE`,
/// `GRADER_ROOTFS`... as [`grader_api::SandboxConfig::from_env`] reads them),
/// `GRADER_SLOTS` (default 4), `GRADER_CONSUMER` (default a new name per process),
/// `UI_SITE_ROOT` (default `target/site`, what `programming-ui/build.sh` builds),
/// optionally `ADMIN_USERNAME` with `ADMIN_PASSWORD`, and the limits each service reads the
/// same way on its own (`RATE_LIMIT_*`, `WS_MAX_CONNECTIONS*`, `HTTP_*_TIMEOUT_MS`,
/// `TRUSTED_PROXIES`).
#[derive(Debug)]
pub struct Settings {
    pub database_url: String,
    pub redis_url: String,
    /// Every Redis name, under one prefix, so several platforms can share one Redis.
    pub keys: Keys,
    /// Which sandbox grades submissions (docker or process) and its settings.
    pub sandbox: grader_api::SandboxConfig,
    /// How many submissions this process grades at once.
    pub grader_slots: usize,
    /// The grader's consumer name; a fixed one (`./platform up` sets it) lets a restarted
    /// process take back at once the jobs its killed predecessor held.
    pub grader_consumer: Option<String>,
    pub admin: Option<programming_api::AdminCredentials>,
    /// The UI's static files (wasm module, editor bundle, stylesheet).
    pub site_root: PathBuf,
    pub rate_limits: programming_api::RateLimits,
    pub sockets: websocket::SocketLimits,
    pub http: HttpLimits,
    /// How long saving an assignment waits for its reference's check (`CHECK_WAIT_MS`).
    pub check_wait: std::time::Duration,
    /// Proxies in front of this process whose `X-Real-IP` names the client.
    pub trusted_proxies: TrustedProxies,
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
            database_url: contract::config::database_url()?,
            redis_url: contract::config::redis_url()?,
            keys: Keys::from_env()?,
            sandbox: grader_api::SandboxConfig::from_env()?,
            grader_slots: parse_or("GRADER_SLOTS", 4)?,
            grader_consumer: env_or_file("GRADER_CONSUMER")?.filter(|name| !name.trim().is_empty()),
            admin,
            site_root: parse_or("UI_SITE_ROOT", PathBuf::from("target/site"))?,
            rate_limits: programming_api::RateLimits::from_env()?,
            sockets: websocket::Config::socket_limits_from_env()?,
            http: HttpLimits::from_env()?,
            check_wait: std::time::Duration::from_millis(contract::config::parse_or(
                "CHECK_WAIT_MS",
                20_000,
            )?),
            trusted_proxies: TrustedProxies::from_env()?,
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
    let keys = settings.keys.clone();
    let api = programming_api::build(programming_api::Config {
        database_url: settings.database_url.clone(),
        redis_url: settings.redis_url.clone(),
        keys: keys.clone(),
        port: 0,
        admin: settings.admin,
        limits: settings.rate_limits,
        // The UI below creates learners over loopback and names the browser in X-Real-IP.
        trusted_proxies: settings
            .trusted_proxies
            .clone()
            .and(TrustedProxies::loopback()),
        http: settings.http,
        check_wait: settings.check_wait,
    })
    .await
    .context("starting the API")?;
    let relay = websocket::build(websocket::Config {
        database_url: settings.database_url.clone(),
        redis_url: settings.redis_url.clone(),
        keys: keys.clone(),
        port: 0,
        sockets: settings.sockets,
        http: settings.http,
    })
    .await
    .context("starting the websocket relay")?;
    let mut grader_config =
        grader_api::Config::with_defaults(settings.database_url, settings.redis_url, keys);
    grader_config.slots = settings.grader_slots;
    if let Some(consumer) = settings.grader_consumer {
        grader_config.consumer = consumer;
    }
    grader_config.sandbox = settings.sandbox;
    let grader = grader_api::build(grader_config)
        .await
        .context("starting the grader")?;

    // The UI renders pages with data it reads from the API over HTTP, here from this
    // very process.
    let ui = programming_ui::build(programming_ui::Config {
        api_url: format!("http://127.0.0.1:{}", listener.local_addr()?.port()),
        site_root: settings.site_root,
        trusted_proxies: settings.trusted_proxies,
        http: settings.http,
    })
    .await
    .context("starting the UI")?;

    // The API and the UI each answer unknown paths themselves, so they cannot be merged
    // into one router; requests are steered by path instead. (Routing `/api/{*rest}` to
    // the API with `route_service` would leak the outer `rest` parameter into the API's
    // own `Path` extractors.)
    let api = api.router();
    let site = relay.ws_router().merge(ui.router());
    let router = Router::new().fallback_service(tower::service_fn(move |request: Request| {
        let path = request.uri().path();
        let target = if path == "/api" || path.starts_with("/api/") || path == "/metrics" {
            api.clone()
        } else {
            site.clone()
        };
        target.oneshot(request)
    }));

    let relay = Arc::new(relay);
    let stop = CancellationToken::new();
    let worker = tokio::spawn(grader.work(stop.clone().cancelled_owned()));
    tracing::info!(addr = %listener.local_addr()?, "code-platform is serving");
    let serving = contract::serve::serve(listener, router, settings.http, {
        let stop = stop.clone();
        let relay = relay.clone();
        async move {
            tokio::select! {
                () = shutdown => {}
                () = stop.cancelled() => {}
            }
            stop.cancel();
            // Open WebSockets get a "going away" close now, so browsers start reconnecting
            // (and re-reading state) instead of waiting on a server that is leaving.
            relay.shutdown();
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
