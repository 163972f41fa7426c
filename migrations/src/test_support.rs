//! Fresh databases for tests, cloned from a template that is migrated once.
//!
//! `TEST_DATABASE_URL` names a database on a server where the test user may create
//! databases (`./platform test` sets it up). The first test to ask migrates a template
//! database named after a hash of the schema and catalog; every test then gets its own
//! `CREATE DATABASE ... TEMPLATE` copy, which takes milliseconds.

use std::hash::{DefaultHasher, Hash, Hasher};

use anyhow::Context;
use tokio_postgres::{Client, NoTls};

/// A new database with the current schema and catalog; returns its URL.
pub async fn fresh_database() -> anyhow::Result<String> {
    let admin_url = std::env::var("TEST_DATABASE_URL").context(
        "TEST_DATABASE_URL must name a Postgres database the tests may use (run ./platform test)",
    )?;
    let admin = connect(&admin_url).await?;
    let template = template_name()?;
    // One creator at a time across every test process; the lock ends with the session.
    admin
        .execute("SELECT pg_advisory_lock(727274)", &[])
        .await?;
    let result = create_from_template(&admin, &admin_url, &template).await;
    admin
        .execute("SELECT pg_advisory_unlock(727274)", &[])
        .await?;
    let name = result?;
    Ok(replace_database(&admin_url, &name))
}

/// A new database with nothing in it (not migrated); returns its URL.
pub async fn empty_database() -> anyhow::Result<String> {
    let admin_url = std::env::var("TEST_DATABASE_URL").context(
        "TEST_DATABASE_URL must name a Postgres database the tests may use (run ./platform test)",
    )?;
    let admin = connect(&admin_url).await?;
    let name = format!("cp_test_{}", uuid_like());
    admin
        .execute(&format!("CREATE DATABASE {name}"), &[])
        .await?;
    Ok(replace_database(&admin_url, &name))
}

async fn create_from_template(
    admin: &Client,
    admin_url: &str,
    template: &str,
) -> anyhow::Result<String> {
    let exists = admin
        .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&template])
        .await?
        .is_some();
    if !exists {
        let building = format!("{template}_building");
        admin
            .execute(&format!("DROP DATABASE IF EXISTS {building}"), &[])
            .await?;
        admin
            .execute(&format!("CREATE DATABASE {building}"), &[])
            .await?;
        crate::migrate(&replace_database(admin_url, &building))
            .await
            .context("migrating the test template")?;
        admin
            .execute(
                &format!("ALTER DATABASE {building} RENAME TO {template}"),
                &[],
            )
            .await?;
    }
    let name = format!("cp_test_{}", uuid_like());
    admin
        .execute(&format!("CREATE DATABASE {name} TEMPLATE {template}"), &[])
        .await
        .with_context(|| format!("cloning {template}"))?;
    Ok(name)
}

/// The template's name changes whenever a migration or the catalog changes.
fn template_name() -> anyhow::Result<String> {
    let mut hasher = DefaultHasher::new();
    for assignment in crate::catalog::embedded()? {
        (
            assignment.slug,
            assignment.test_code,
            assignment.reference_solution,
        )
            .hash(&mut hasher);
        (
            assignment.title,
            assignment.handout,
            assignment.starter_code,
        )
            .hash(&mut hasher);
        (
            assignment.points,
            assignment.time_limit_ms,
            assignment.memory_limit_mb,
        )
            .hash(&mut hasher);
    }
    for migration in crate::embedded::migrations::runner().get_migrations() {
        migration.checksum().hash(&mut hasher);
    }
    Ok(format!("cp_template_{:016x}", hasher.finish()))
}

fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    format!("{:x}_{:x}", nanos, std::process::id())
}

/// `url` with its database name replaced by `name`.
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let base = match base.rfind('/') {
        Some(slash) if slash > base.find("//").map_or(0, |i| i + 1) => &base[..slash],
        _ => base,
    };
    match query {
        Some(query) => format!("{base}/{name}?{query}"),
        None => format!("{base}/{name}"),
    }
}

async fn connect(url: &str) -> anyhow::Result<Client> {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .with_context(|| "connecting to TEST_DATABASE_URL")?;
    tokio::spawn(connection);
    Ok(client)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_the_database_name() {
        assert_eq!(
            replace_database("postgres://u:p@127.0.0.1:5433/postgres", "x"),
            "postgres://u:p@127.0.0.1:5433/x"
        );
        assert_eq!(
            replace_database("postgres://u@h/db?sslmode=disable", "y"),
            "postgres://u@h/y?sslmode=disable"
        );
        assert_eq!(replace_database("postgres://u@h", "z"), "postgres://u@h/z");
    }
}
