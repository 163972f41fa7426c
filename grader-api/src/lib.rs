//! grader-api: takes submissions off the Redis stream, grades them in a sandbox and
//! stores and publishes the verdicts.
//!
//! [`build`] connects everything; [`Grader::work`] is the consumer loop,
//! [`Grader::router`] the health and metrics endpoints, and [`Grader::run`] both.

mod check;
mod config;
mod error;
mod health;
mod heartbeat;
mod host;
mod job;
mod metrics;
mod queue;
pub mod reconcile;
pub mod sandbox;
mod store;
mod worker;

use std::future::Future;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use redis::aio::ConnectionManager;
use sqlx::PgPool;
use tokio_util::sync::CancellationToken;

pub use config::{Config, SandboxBackend, SandboxConfig};
pub use error::Error;
use metrics::Metrics;
pub use reconcile::ReconcileConfig;
use sandbox::Sandbox;

/// A connected grader, ready to work and to serve its health endpoints.
pub struct Grader {
    shared: Arc<Shared>,
    /// Used only for blocking stream reads, which would stall other commands.
    reader: ConnectionManager,
}

/// What the consumer loop, the job tasks and the endpoints share.
pub(crate) struct Shared {
    pub(crate) config: Config,
    pub(crate) db: PgPool,
    /// For short commands (publish, ack, delete); cloning shares the connection.
    pub(crate) redis: ConnectionManager,
    pub(crate) sandbox: Arc<dyn Sandbox>,
    pub(crate) metrics: Metrics,
    /// The longest time limit of any job started, which bounds the shutdown drain.
    pub(crate) longest_time_limit_ms: AtomicU64,
}

/// Connects to Postgres and Redis and builds the configured sandbox backend.
pub async fn build(config: Config) -> anyhow::Result<Grader> {
    let sandbox = build_sandbox(&config.sandbox)?;
    build_with_sandbox(config, sandbox).await
}

/// Like [`build`], with a given sandbox.
pub async fn build_with_sandbox(
    config: Config,
    sandbox: Arc<dyn Sandbox>,
) -> anyhow::Result<Grader> {
    // One connection per slot for the jobs, plus a couple for readiness checks.
    let connections = u32::try_from(config.slots)
        .unwrap_or(u32::MAX)
        .saturating_add(2);
    let db = contract::connect::postgres(&config.database_url, connections)
        .await
        .context("connecting to postgres")?;
    let redis = queue::connect(&config.redis_url, Duration::from_secs(5)).await?;
    let reader = queue::connect_blocking(&config.redis_url).await?;
    let metrics = Metrics::new(config.slots);
    let shared = Shared {
        config,
        db,
        redis,
        sandbox,
        metrics,
        longest_time_limit_ms: AtomicU64::new(0),
    };
    Ok(Grader {
        shared: Arc::new(shared),
        reader,
    })
}

fn build_sandbox(config: &SandboxConfig) -> anyhow::Result<Arc<dyn Sandbox>> {
    match config.backend {
        SandboxBackend::Docker => {
            let settings = sandbox::DockerSettings {
                image: config.image.clone(),
                runtime: config.runtime.clone(),
                cpus: config.cpus,
                output_limit_bytes: config.output_limit_bytes,
                warm: config.warm,
            };
            Ok(Arc::new(sandbox::DockerSandbox::new(settings)?))
        }
        SandboxBackend::Process => {
            let settings = sandbox::ProcessSettings {
                rootfs: config.rootfs.clone(),
                runner_dir: config.runner_dir.clone(),
                output_limit_bytes: config.output_limit_bytes,
                warm: config.warm,
                ..sandbox::ProcessSettings::default()
            };
            Ok(Arc::new(sandbox::ProcessSandbox::new(settings)))
        }
    }
}

impl Grader {
    /// `GET /api/health`, `GET /api/ready` and `GET /metrics`.
    pub fn router(&self) -> axum::Router {
        health::router(self.shared.clone())
    }

    /// Consumes the submission stream until `shutdown` completes, then lets in-flight
    /// jobs finish (bounded); unfinished ones stay pending for other graders.
    pub async fn work(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        worker::work(self.shared, self.reader, cancel_on(shutdown)).await
    }

    /// Serves [`Grader::router`] on `listener` and runs [`Grader::work`], both until
    /// `shutdown` completes.
    pub async fn run(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let token = cancel_on(shutdown);
        let address = listener
            .local_addr()
            .context("reading the listener's address")?;
        tracing::info!(%address, "grader health endpoints listening");
        let server = axum::serve(listener, self.router())
            .with_graceful_shutdown(token.clone().cancelled_owned());
        let server = async { server.await.context("serving health endpoints") };
        let worker = worker::work(self.shared, self.reader, token);
        tokio::try_join!(server, worker)?;
        Ok(())
    }
}

/// A token cancelled when `shutdown` completes, so several parts can watch one signal.
fn cancel_on(shutdown: impl Future<Output = ()> + Send + 'static) -> CancellationToken {
    let token = CancellationToken::new();
    let cancel = token.clone();
    tokio::spawn(async move {
        shutdown.await;
        cancel.cancel();
    });
    token
}
