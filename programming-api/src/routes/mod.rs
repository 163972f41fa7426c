//! The router: every endpoint, its middleware, and the answers for unknown routes.

mod admin;
mod assignments;
mod authoring;
mod monitoring;
mod ops;
mod progress;
mod review;
mod submissions;
pub(crate) mod users;

use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::{middleware, Extension, Router};
use tower_http::trace::TraceLayer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::openapi;
use crate::state::AppState;

/// Bodies larger than this are refused with 413 before they are parsed. Code itself is
/// limited to 64 KiB; JSON escaping can make its body several times larger.
const BODY_LIMIT_BYTES: usize = 1024 * 1024;

/// Every route with its OpenAPI description (each handler's `#[utoipa::path]`), so the
/// router and the document are built from the same list and cannot differ.
pub(crate) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::base())
        .routes(routes!(users::create))
        .routes(routes!(admin::login))
        .routes(routes!(authoring::list, authoring::create))
        .routes(routes!(authoring::try_draft))
        .routes(routes!(authoring::export))
        .routes(routes!(authoring::import))
        .routes(routes!(
            authoring::get,
            authoring::replace,
            authoring::archive
        ))
        .routes(routes!(review::list))
        .routes(routes!(review::get))
        .routes(routes!(review::regrade_one))
        .routes(routes!(review::regrade_assignment))
        .routes(routes!(monitoring::get))
        .routes(routes!(monitoring::history))
        .routes(routes!(assignments::list))
        .routes(routes!(assignments::detail))
        .routes(routes!(submissions::create))
        .routes(routes!(submissions::get))
        .routes(routes!(submissions::list_mine))
        .routes(routes!(progress::get))
        .routes(routes!(ops::health))
        .routes(routes!(ops::ready))
        .routes(routes!(ops::openapi_json))
        .routes(routes!(ops::metrics))
}

pub(crate) fn router(state: AppState) -> Router {
    let requests = state.metrics.requests.clone();
    let (router, document) = routes().split_for_parts();
    let document = Arc::new(openapi::finish(document));
    router
        .fallback(ops::not_found)
        .method_not_allowed_fallback(ops::method_not_allowed)
        .layer(Extension(document))
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
