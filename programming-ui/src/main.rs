//! The UI as its own process (the swarm's `programming-ui` service).

use anyhow::Context;
use programming_ui::Config;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    contract::health::run_if_asked("UI_PORT", 8084, "/api/health");
    contract::telemetry::init("info");
    let config = Config::from_env()?;
    let port: u16 = contract::config::parse_or("UI_PORT", 8084)?;
    let ui = programming_ui::build(config).await?;
    let linger = contract::shutdown::linger_from_env()?;
    let listener = tokio::net::TcpListener::bind(("0.0.0.0", port))
        .await
        .with_context(|| format!("binding 0.0.0.0:{port}"))?;
    ui.run(listener, contract::shutdown::signal_then_linger(linger))
        .await
}
