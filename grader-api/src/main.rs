//! The grader worker: `GRADER_PORT` serves health and metrics; the rest of the
//! settings are documented on [`grader_api::Config`].

use anyhow::Context;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    contract::health::run_if_asked("GRADER_PORT", 8082, "/api/health");
    contract::telemetry::init("info,sqlx=warn");
    let config = grader_api::Config::from_env()?;
    let port = config.port;
    let grader = grader_api::build(config).await?;
    let listener = tokio::net::TcpListener::bind(("0.0.0.0", port))
        .await
        .with_context(|| format!("binding port {port}"))?;
    grader.run(listener, contract::shutdown::signal()).await
}
