//! `GET /ws`: authenticate, then upgrade. Nothing is upgraded without a valid session.

use axum::extract::rejection::QueryRejection;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use contract::auth::{session_token, user_for_token};
use serde::Deserialize;

use crate::connection;
use crate::error::RelayError;
use crate::AppState;

/// Bigger client frames and messages are refused (close 1009): clients only ever send
/// pings. The frame limit matters most: it is checked on a frame's header, before its
/// payload is read, so a 16 MiB frame costs nothing.
const MAX_CLIENT_MESSAGE: usize = 4 * 1024;

#[derive(Debug, Deserialize)]
pub(crate) struct TokenQuery {
    token: Option<String>,
}

#[tracing::instrument(skip_all, fields(user_id))]
pub(crate) async fn ws(
    State(state): State<AppState>,
    headers: HeaderMap,
    // A malformed query string is treated like one without a token.
    query: Result<Query<TokenQuery>, QueryRejection>,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Result<Response, RelayError> {
    let query_token = query.ok().and_then(|Query(query)| query.token);
    let token = query_token
        .as_deref()
        .or_else(|| session_token(&headers))
        .ok_or(RelayError::Unauthenticated)?;
    let user = user_for_token(&state.db, token)
        .await?
        .ok_or(RelayError::Unauthenticated)?;
    tracing::Span::current().record("user_id", tracing::field::display(user.id));
    let context = state.connection.clone();
    Ok(upgrade?
        .max_message_size(MAX_CLIENT_MESSAGE)
        .max_frame_size(MAX_CLIENT_MESSAGE)
        .on_failed_upgrade(|err| tracing::warn!(error = %err, "websocket upgrade failed"))
        .on_upgrade(move |socket| connection::serve(socket, user, context)))
}
