//! `POST /api/admin/login`: an admin session for the configured credentials.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::response::IntoResponse;
use axum::Json;
use contract::auth::create_session;
use secrecy::SecretString;
use sha2::{Digest, Sha256};
use wire::identity::{LoginRequest, Token};
use wire::ErrorBody;

use crate::error::ApiError;
use crate::extract::{ApiJson, ClientAddress};
use crate::limits::{address_subject, Bucket};
use crate::password;
use crate::routes::users::session_cookie;
use crate::state::AppState;

/// Every attempt counts against the client's address and against the username, so
/// guessing is slow from one address and slow for one account from many.
#[utoipa::path(post, path = "/api/admin/login", operation_id = "admin_login", security(()), summary = "Log in as the admin",
    request_body = LoginRequest,
    responses(
        (status = 200, body = Token, description = "An admin token; also sets the cookie"),
        (status = 401, body = ErrorBody, description = "Wrong credentials (`invalid_credentials`)"),
        (status = 429, body = ErrorBody, description = "Too many login attempts from this address or for this username (`rate_limited`)"),
    ))]
#[tracing::instrument(skip_all, fields(client = %client))]
pub(crate) async fn login(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<impl IntoResponse, ApiError> {
    state
        .limiter
        .hit(Bucket::AdminLoginsPerAddress, &address_subject(client))
        .await?;
    state
        .limiter
        .hit(
            Bucket::AdminLoginsPerUsername,
            &username_subject(&body.username),
        )
        .await?;
    let row = sqlx::query!(
        "SELECT id, password_hash FROM users WHERE username = $1 AND role = 'admin'",
        &body.username
    )
    .fetch_optional(&state.db)
    .await?
    .map(|row| (row.id, row.password_hash));
    // An unknown name is checked against a dummy hash so it costs as much as a wrong password.
    let (user_id, stored) = match row {
        Some((id, Some(hash))) => (Some(id), hash),
        _ => (None, state.dummy_password_hash.to_string()),
    };
    let matches = password::verify(SecretString::from(body.password), stored)
        .await
        .map_err(ApiError::Internal)?;
    let Some(user_id) = user_id.filter(|_| matches) else {
        tracing::warn!("failed admin login");
        return Err(ApiError::InvalidCredentials);
    };
    let token = create_session(&state.db, user_id).await?;
    tracing::info!(user_id = %user_id, "admin logged in");
    Ok((
        [(SET_COOKIE, session_cookie(&token))],
        Json(Token { token }),
    ))
}

/// A username as a rate-limit subject: case and surrounding space do not make a new
/// name, and hashing keeps the Redis key short whatever was sent.
fn username_subject(username: &str) -> String {
    hex::encode(Sha256::digest(username.trim().to_lowercase().as_bytes()))
}
