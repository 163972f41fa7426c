//! The router: every endpoint, its middleware, and the answers for unknown routes.

mod admin;
mod assignments;
mod ops;
mod progress;
mod submissions;
pub(crate) mod users;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::routing::{get, post, MethodRouter};
use axum::{middleware, Router};
use tower_http::trace::TraceLayer;

use crate::state::AppState;

/// Bodies larger than this are refused with 413 before they are parsed. Code itself is
/// limited to 64 KiB; JSON escaping can make its body several times larger.
const BODY_LIMIT_BYTES: usize = 1024 * 1024;

/// Every route, so that the router and the OpenAPI test are built from the same list.
pub(crate) fn routes() -> Vec<(&'static str, MethodRouter<AppState>)> {
    vec![
        ("/api/users", post(users::create)),
        ("/api/admin/login", post(admin::login)),
        ("/api/assignments", get(assignments::list)),
        ("/api/assignments/{id}", get(assignments::detail)),
        (
            "/api/assignments/{id}/submissions",
            post(submissions::create),
        ),
        ("/api/submissions/{id}", get(submissions::get)),
        ("/api/me/submissions", get(submissions::list_mine)),
        ("/api/me/progress", get(progress::get)),
        ("/api/health", get(contract::health::alive)),
        ("/api/ready", get(ops::ready)),
        ("/api/openapi.json", get(ops::openapi_json)),
        ("/metrics", get(ops::metrics)),
    ]
}

pub(crate) fn router(state: AppState) -> Router {
    let requests = state.metrics.requests.clone();
    let router = routes()
        .into_iter()
        .fold(Router::new(), |router, (path, route)| {
            router.route(path, route)
        });
    router
        .fallback(ops::not_found)
        .method_not_allowed_fallback(ops::method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(middleware::from_fn_with_state(
            requests,
            contract::metrics::count_requests,
        ))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request| {
            // `Router::layer` wraps each route, so the matched pattern is known here.
            let route = req
                .extensions()
                .get::<MatchedPath>()
                .map(MatchedPath::as_str);
            tracing::info_span!("http", method = %req.method(), route, uri = %req.uri())
        }))
        .with_state(state)
}
