//! Connecting to Postgres at start-up, waiting for it rather than crashing.

use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

use crate::backoff::{until_ok, Backoff};

/// How long a query waits for a pooled connection (or to open one) before it fails:
/// while Postgres is down, requests answer 503 after this instead of hanging.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// A pool that is connected at least once, to a database that is migrated and seeded.
/// Services may start before Postgres does, and on a first deploy before the one-shot
/// `migrate` has run: this retries with exponential backoff (capped at 5 s) and logs
/// each wait.
pub async fn postgres(url: &str, max_connections: u32) -> anyhow::Result<PgPool> {
    let pool = connect(url, max_connections).await?;
    wait_for_migrations(&pool).await?;
    Ok(pool)
}

async fn connect(url: &str, max_connections: u32) -> anyhow::Result<PgPool> {
    let options: PgConnectOptions = url.parse()?;
    Ok(until_ok("postgres", || {
        PgPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options.clone())
    })
    .await)
}

/// Waits until the schema exists and the catalog is seeded (`migrate` does both), so that
/// no request is answered from a half-made database.
async fn wait_for_migrations(pool: &PgPool) -> anyhow::Result<()> {
    let mut backoff = Backoff::for_dependencies();
    loop {
        let retry_in_ms = backoff.peek().as_millis() as u64;
        match migrated(pool).await {
            Ok(true) => return Ok(()),
            Ok(false) => tracing::warn!(retry_in_ms, "waiting for the migrations (run migrate)"),
            Err(err) if is_unavailable(&err) => {
                tracing::warn!(error = %err, retry_in_ms, "waiting for postgres")
            }
            Err(err) => return Err(err.into()),
        }
        backoff.wait().await;
    }
}

async fn migrated(pool: &PgPool) -> Result<bool, sqlx::Error> {
    let tables = sqlx::query_scalar!(
        r#"SELECT to_regclass('submissions') IS NOT NULL
                  AND to_regclass('assignments') IS NOT NULL AS "tables!""#
    )
    .fetch_one(pool)
    .await?;
    if !tables {
        return Ok(false);
    }
    sqlx::query_scalar!(r#"SELECT EXISTS (SELECT 1 FROM assignments) AS "seeded!""#)
        .fetch_one(pool)
        .await
}

/// True when `err` means Postgres could not be reached or went away (refused or broken
/// connections, a pool timeout, a server shutting down), as opposed to a failing query.
/// Services answer such errors with 503 `unavailable` and retry them later.
pub fn is_unavailable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            // Class 08: connection exceptions; 57P01-57P03: the server is shutting
            // down or starting; 53300: too many connections.
            code.starts_with("08") || code.starts_with("57P0") || code == "53300"
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_failures_are_unavailable_and_query_errors_are_not() {
        assert!(is_unavailable(&sqlx::Error::PoolTimedOut));
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert!(is_unavailable(&sqlx::Error::Io(refused)));
        assert!(!is_unavailable(&sqlx::Error::RowNotFound));
        assert!(!is_unavailable(&sqlx::Error::ColumnNotFound("x".into())));
    }
}
