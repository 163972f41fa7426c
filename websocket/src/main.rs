//! The websocket relay as its own process.

use anyhow::Context;
use websocket::Config;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    contract::health::run_if_asked("WS_PORT", 8083, "/api/health");
    contract::telemetry::init("info,sqlx=warn");
    let config = Config::from_env()?;
    let port = config.port;
    let relay = websocket::build(config).await?;
    let linger = contract::shutdown::linger_from_env()?;
    let listener = tokio::net::TcpListener::bind(("0.0.0.0", port))
        .await
        .with_context(|| format!("binding 0.0.0.0:{port}"))?;
    relay
        .run(listener, contract::shutdown::signal_then_linger(linger))
        .await
}
