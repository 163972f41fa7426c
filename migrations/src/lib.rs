//! The database schema and the assignment catalog.
//!
//! [`migrate`] brings a database up to the newest schema (refinery, from the SQL files
//! under `sql/`) and then seeds the catalog under `catalog/`. The `migrate` binary,
//! `./platform up`, the stack's one-shot migrate service and the tests all call it, so
//! nothing queries a database that has not been through it.

pub mod catalog;
mod seed;
#[cfg(any(test, feature = "test-support"))]
pub mod test_support;

use anyhow::Context;

mod embedded {
    refinery::embed_migrations!("sql");
}

/// Runs every pending migration, then seeds the catalog. Waits (with backoff) for
/// Postgres to accept connections first.
pub async fn migrate(database_url: &str) -> anyhow::Result<()> {
    let mut client = connect(database_url).await?;
    let report = embedded::migrations::runner()
        .run_async(&mut client)
        .await
        .context("running migrations")?;
    for applied in report.applied_migrations() {
        tracing::info!(migration = %applied, "applied migration");
    }
    let catalog = catalog::embedded()?;
    let changed = seed::seed(&mut client, &catalog).await?;
    tracing::info!(assignments = catalog.len(), changed, "catalog seeded");
    Ok(())
}

async fn connect(database_url: &str) -> anyhow::Result<tokio_postgres::Client> {
    let (client, connection) = contract::backoff::until_ok("postgres", || {
        tokio_postgres::connect(database_url, tokio_postgres::NoTls)
    })
    .await;
    tokio::spawn(async move {
        if let Err(err) = connection.await {
            tracing::error!(error = %err, "migration connection failed");
        }
    });
    Ok(client)
}
