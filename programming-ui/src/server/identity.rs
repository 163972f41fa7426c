//! Every page request leaves with a working session: a learner's first visit (or one
//! with a session the API no longer knows) gets a new anonymous identity, used at once
//! for rendering and kept by the browser through the API's `Set-Cookie`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::header::{COOKIE, SET_COOKIE};
use http::HeaderValue;

use super::UiState;
use crate::model::ApiError;

#[tracing::instrument(skip_all, fields(path = %request.uri().path()))]
pub(crate) async fn ensure_session(
    State(state): State<UiState>,
    mut request: Request,
    next: Next,
) -> Response {
    // The teacher's pages need no learner: they ask for an admin session, and an admin's
    // cookie must not be swapped for a new learner's.
    let path = request.uri().path();
    if path == "/admin" || path.starts_with("/admin/") {
        return next.run(request).await;
    }
    let cookie = request
        .headers()
        .get(COOKIE)
        .and_then(|value| value.to_str().ok())
        .filter(|header| contract::auth::token_from_cookie_header(header).is_some())
        .map(str::to_owned);
    if let Some(cookie) = cookie {
        // Any answer but 401 means the session is fine (or the API is down, which the
        // page itself reports); only a rejected session is replaced.
        match state.api.progress(&cookie).await {
            Err(ApiError::Http { status: 401, .. }) => {}
            _ => return next.run(request).await,
        }
    }
    // `contract::serve` puts the peer on every request; a router served otherwise (a
    // test's `oneshot`) counts as loopback.
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(std::net::Ipv6Addr::LOCALHOST.into(), |ConnectInfo(peer)| {
            peer.ip()
        });
    let client = state.trusted_proxies.client(peer, request.headers());
    let session = match state.api.create_user(client).await {
        Ok(session) => session,
        Err(err) => {
            tracing::warn!(?err, "could not create an anonymous learner");
            return next.run(request).await;
        }
    };
    tracing::info!("created an anonymous learner");
    if let Ok(value) = HeaderValue::from_str(&session.cookie) {
        request.headers_mut().insert(COOKIE, value);
    }
    let mut response = next.run(request).await;
    for value in session.set_cookie {
        response.headers_mut().append(SET_COOKIE, value);
    }
    response
}
