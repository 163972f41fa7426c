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

/// What a socket reads into at a time. The library's default, 128 KiB allocated with every
/// socket, made a socket cost the relay 131 KiB; clients only send pings (issue 15).
const READ_BUFFER: usize = 4 * 1024;

/// Frames are written out as they are sent (the relay flushes each one anyway), so no
/// 128 KiB write buffer waits beside each socket either.
const WRITE_BUFFER: usize = 0;

/// What may pile up unwritten for a socket that does not read: a few of the biggest
/// frames (a submission carries up to 64 KiB of code); past it, sending fails and the
/// socket is dropped like one that stalls (`connection.rs`).
const MAX_UNWRITTEN: usize = 1024 * 1024;

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
        .read_buffer_size(READ_BUFFER)
        .write_buffer_size(WRITE_BUFFER)
        .max_write_buffer_size(MAX_UNWRITTEN)
        .on_failed_upgrade(|err| tracing::warn!(error = %err, "websocket upgrade failed"))
        .on_upgrade(move |socket| connection::serve(socket, user, context)))
}
