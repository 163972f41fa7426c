//! The grader worker: `GRADER_PORT` serves health and metrics; the rest of the
//! settings are documented on [`grader_api::Config`].

use anyhow::Context;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    contract::telemetry::init("info,sqlx=warn");
    let config = grader_api::Config::from_env()?;
    let port = config.port;
    let grader = grader_api::build(config).await?;
    let listener = tokio::net::TcpListener::bind(("0.0.0.0", port))
        .await
        .with_context(|| format!("binding port {port}"))?;
    grader.run(listener, shutdown_signal()).await
}

/// Completes on SIGTERM (docker stop, swarm updates) or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutdown signal received");
}
