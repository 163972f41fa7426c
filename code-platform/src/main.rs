//! `code-platform`: the whole platform in one process, for local use (`./platform up`).

use anyhow::Context;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    contract::telemetry::init("info,sqlx=warn,tower_http=info");
    let settings = code_platform::Settings::from_env()?;
    let port: u16 = contract::config::parse_or("CP_PORT", 8080)?;
    let host: String = contract::config::parse_or("CP_HOST", "127.0.0.1".to_owned())?;
    let listener = tokio::net::TcpListener::bind((host.as_str(), port))
        .await
        .with_context(|| format!("binding {host}:{port}"))?;
    code_platform::serve(listener, settings, contract::shutdown::signal()).await
}
