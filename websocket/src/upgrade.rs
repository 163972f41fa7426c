//! `GET /ws`: authenticate, then upgrade. Nothing is upgraded without a valid session.

use axum::extract::rejection::QueryRejection;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Query, State};
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::HeaderMap;
use axum::response::Response;
use contract::auth::{token_from_cookie_header, user_for_token};
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
        .or_else(|| bearer_token(&headers))
        .or_else(|| cookie_token(&headers))
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

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    value
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|token| !token.is_empty())
}

fn cookie_token(headers: &HeaderMap) -> Option<&str> {
    // Browsers may send several Cookie headers over HTTP/2.
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(token_from_cookie_header)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn finds_tokens_in_authorization_and_cookie_headers() {
        let mut headers = HeaderMap::new();
        assert_eq!(bearer_token(&headers), None);
        assert_eq!(cookie_token(&headers), None);
        headers.insert(AUTHORIZATION, HeaderValue::from_static("Bearer abc"));
        headers.append(COOKIE, HeaderValue::from_static("theme=dark"));
        headers.append(COOKIE, HeaderValue::from_static("cp_session=xyz"));
        assert_eq!(bearer_token(&headers), Some("abc"));
        assert_eq!(cookie_token(&headers), Some("xyz"));
        headers.insert(AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer_token(&headers), None);
    }
}
