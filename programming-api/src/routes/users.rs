//! `POST /api/users`: a new anonymous learner and their session.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use contract::auth::{create_session, SESSION_COOKIE};
use uuid::Uuid;
use wire::identity::{NewLearner, UserRef};
use wire::ErrorBody;

use crate::error::ApiError;
use crate::extract::ClientAddress;
use crate::limits::{address_subject, Bucket};
use crate::state::AppState;

/// A year: learners are anonymous, so losing the cookie means losing their progress.
const SESSION_MAX_AGE_SECS: u32 = 365 * 24 * 60 * 60;

/// The `Set-Cookie` value that hands `token` to a browser.
pub(crate) fn session_cookie(token: &str) -> String {
    format!(
        "{SESSION_COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={SESSION_MAX_AGE_SECS}"
    )
}

/// Any body (or none) is accepted and ignored: the server chooses the identity. Each
/// client address may create only so many learners per window.
#[utoipa::path(post, path = "/api/users", operation_id = "create_learner", security(()),
    summary = "Create an anonymous learner and its session (any body is ignored)",
    responses(
        (status = 201, body = NewLearner, description = "The learner and its token; also sets the cp_session cookie"),
        (status = 429, body = ErrorBody, description = "Too many new learners from this address (`rate_limited`)"),
    ))]
#[tracing::instrument(skip_all, fields(client = %client))]
pub(crate) async fn create(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
) -> Result<impl IntoResponse, ApiError> {
    state
        .limiter
        .hit(Bucket::NewLearners, &address_subject(client))
        .await?;
    let id = Uuid::new_v4();
    let mut tx = state.db.begin().await?;
    sqlx::query!("INSERT INTO users (id, role) VALUES ($1, 'learner')", id)
        .execute(&mut *tx)
        .await?;
    let token = create_session(&mut *tx, id).await?;
    tx.commit().await?;
    tracing::info!(user_id = %id, "learner created");
    Ok((
        StatusCode::CREATED,
        [(SET_COOKIE, session_cookie(&token))],
        Json(NewLearner {
            user: UserRef { id },
            token,
        }),
    ))
}
