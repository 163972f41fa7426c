//! The programming-api binary: configuration from the environment, then serve.

use anyhow::Context;
use programming_api::Config;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    contract::health::run_if_asked("API_PORT", 8081, "/api/health");
    contract::telemetry::init("info,sqlx=warn");
    let config = Config::from_env()?;
    let port = config.port;
    let app = programming_api::build(config).await?;
    let linger = contract::shutdown::linger_from_env()?;
    let listener = tokio::net::TcpListener::bind(("0.0.0.0", port))
        .await
        .with_context(|| format!("binding 0.0.0.0:{port}"))?;
    app.run(listener, contract::shutdown::signal_then_linger(linger))
        .await
}
