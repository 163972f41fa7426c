//! Server-issued session tokens and the users they belong to.
//!
//! A token is 32 random bytes, base64url-encoded, handed to the client once. Only its
//! SHA-256 is stored, so a leaked database does not leak sessions. The API issues
//! tokens; the API and the websocket relay both resolve them with [`user_for_token`].

use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::HeaderMap;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::PgExecutor;
use uuid::Uuid;

/// The cookie browsers carry their token in (API.md "Identity").
pub const SESSION_COOKIE: &str = "cp_session";

/// What a user may do; stored in `users.role` as text. An unknown name in the database
/// is an error, never a learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "text", rename_all = "snake_case")]
pub enum Role {
    Learner,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Learner => "learner",
            Role::Admin => "admin",
        }
    }
}

/// Who made a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthUser {
    pub id: Uuid,
    pub role: Role,
}

/// A fresh, unguessable session token.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the `sessions` table stores for a token.
pub fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Stores a new session for `user_id` and returns its token.
pub async fn create_session<'e>(db: impl PgExecutor<'e>, user_id: Uuid) -> sqlx::Result<String> {
    let token = new_token();
    sqlx::query!(
        "INSERT INTO sessions (token_hash, user_id) VALUES ($1, $2)",
        token_hash(&token),
        user_id
    )
    .execute(db)
    .await?;
    Ok(token)
}

/// The user a token belongs to, or `None` for an unknown or malformed token.
pub async fn user_for_token<'e>(
    db: impl PgExecutor<'e>,
    token: &str,
) -> sqlx::Result<Option<AuthUser>> {
    if !plausible_token(token) {
        return Ok(None);
    }
    user_for_token_hash(db, &token_hash(token)).await
}

/// Whether `token` could be one: real tokens are 43 characters, and anything far off is not
/// worth a query.
pub fn plausible_token(token: &str) -> bool {
    !token.is_empty() && token.len() <= 128
}

/// The user of the session whose token hashes to `hash` ([`token_hash`]), for a caller
/// that keeps the hash anyway.
pub async fn user_for_token_hash<'e>(
    db: impl PgExecutor<'e>,
    hash: &[u8],
) -> sqlx::Result<Option<AuthUser>> {
    sqlx::query_as!(
        AuthUser,
        r#"SELECT u.id, u.role AS "role: Role" FROM sessions s JOIN users u ON u.id = s.user_id
           WHERE s.token_hash = $1"#,
        hash
    )
    .fetch_optional(db)
    .await
}

/// The session token a request carries: `Authorization: Bearer <token>` (the scheme in any
/// case, as RFC 9110 says) or else the session cookie, in any of the `Cookie` headers. The
/// one reading of a token, for the API and the relay alike.
pub fn session_token(headers: &HeaderMap) -> Option<&str> {
    bearer_token(headers).or_else(|| {
        headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find_map(token_from_cookie_header)
    })
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The value of the session cookie in a `Cookie` header, if present.
pub fn token_from_cookie_header(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim())
        .filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_and_url_safe() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(a
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(token_hash(&a).len(), 32);
        assert_ne!(token_hash(&a), token_hash(&b));
    }

    #[test]
    fn reads_a_bearer_token_in_any_case_or_else_the_cookie() {
        use axum::http::HeaderValue;
        let mut headers = HeaderMap::new();
        assert_eq!(session_token(&headers), None);
        headers.append(COOKIE, HeaderValue::from_static("theme=dark"));
        headers.append(COOKIE, HeaderValue::from_static("cp_session=xyz"));
        assert_eq!(session_token(&headers), Some("xyz"));
        for (header, token) in [
            ("Bearer abc", "abc"),
            ("bearer abc", "abc"),
            ("BEARER  abc ", "abc"),
        ] {
            headers.insert(AUTHORIZATION, HeaderValue::from_static(header));
            assert_eq!(session_token(&headers), Some(token), "{header}");
        }
        // Another scheme, or an empty token, leaves the cookie.
        for header in ["Basic abc", "Bearer ", "Bearerabc"] {
            headers.insert(AUTHORIZATION, HeaderValue::from_static(header));
            assert_eq!(session_token(&headers), Some("xyz"), "{header}");
        }
    }

    #[test]
    fn finds_the_session_cookie_among_others() {
        assert_eq!(
            token_from_cookie_header("a=1; cp_session=tok; b=2"),
            Some("tok")
        );
        assert_eq!(token_from_cookie_header("cp_session=tok"), Some("tok"));
        assert_eq!(token_from_cookie_header("xcp_session=tok"), None);
        assert_eq!(token_from_cookie_header("cp_session="), None);
        assert_eq!(token_from_cookie_header(""), None);
    }
}
