//! `migrate`: brings the database named by `DATABASE_URL` (or `DATABASE_URL_FILE`)
//! to the newest schema and seeds the assignment catalog.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    contract::telemetry::init("info");
    let url = contract::config::database_url()?;
    migrations::migrate(&url).await
}
