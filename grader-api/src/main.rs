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
    grader.run(listener, contract::shutdown::signal()).await
}
