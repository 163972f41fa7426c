//! Admin passwords: argon2 hashing, verification and the start-up upsert.
//!
//! Hashing is deliberately slow, so it always runs on the blocking thread pool.

use anyhow::Context;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use sqlx::PgPool;
use uuid::Uuid;

use crate::config::AdminCredentials;

/// The PHC string of an argon2id hash of `password` with a fresh random salt.
pub(crate) async fn hash(password: SecretString) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let mut salt = [0u8; 16];
        rand::rng().fill_bytes(&mut salt);
        let salt = SaltString::encode_b64(&salt).map_err(|err| anyhow::anyhow!("{err}"))?;
        let hash = Argon2::default()
            .hash_password(password.expose_secret().as_bytes(), &salt)
            .map_err(|err| anyhow::anyhow!("hashing a password: {err}"))?;
        Ok(hash.to_string())
    })
    .await
    .context("the password hashing task panicked")?
}

/// Whether `password` matches the PHC string `hash`. A malformed stored hash never matches.
pub(crate) async fn verify(password: SecretString, hash: String) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&hash) else {
            tracing::error!("a stored password hash is malformed");
            return false;
        };
        Argon2::default()
            .verify_password(password.expose_secret().as_bytes(), &parsed)
            .is_ok()
    })
    .await
    .context("the password verification task panicked")
}

/// Creates the configured admin, or updates its password (and role) if it exists.
#[tracing::instrument(skip_all, fields(username = %admin.username))]
pub(crate) async fn upsert_admin(db: &PgPool, admin: &AdminCredentials) -> anyhow::Result<()> {
    let hash = hash(admin.password.clone()).await?;
    sqlx::query!(
        "INSERT INTO users (id, role, username, password_hash) VALUES ($1, 'admin', $2, $3)
         ON CONFLICT (username) DO UPDATE SET role = 'admin', password_hash = EXCLUDED.password_hash",
        Uuid::new_v4(),
        &admin.username,
        hash
    )
    .execute(db)
    .await
    .context("storing the admin user")?;
    tracing::info!("admin user is up to date");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn verifies_the_right_password_only() {
        let stored = hash(SecretString::from("correct horse")).await.unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify(SecretString::from("correct horse"), stored.clone())
            .await
            .unwrap());
        assert!(!verify(SecretString::from("battery staple"), stored)
            .await
            .unwrap());
        assert!(!verify(SecretString::from("x"), "not a hash".into())
            .await
            .unwrap());
    }
}
