//! The files the browser loads besides the page: the wasm module and its JS glue, the
//! stylesheet and the editor bundle.

use std::path::Path;

use axum::Router;
use http::header::CACHE_CONTROL;
use http::HeaderValue;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// File names carry no content hash, so browsers must revalidate: `no-cache` still lets
/// them keep a copy and get a cheap 304 (ServeDir answers `If-Modified-Since`).
/// `build.sh` writes `.gz` copies next to the files, served to browsers that accept them.
pub(super) fn router<S: Clone + Send + Sync + 'static>(site_root: &Path) -> Router<S> {
    let cache =
        SetResponseHeaderLayer::overriding(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    Router::new()
        .nest_service(
            "/pkg",
            ServeDir::new(site_root.join("pkg")).precompressed_gzip(),
        )
        .route_service(
            "/style.css",
            ServeFile::new(site_root.join("style.css")).precompressed_gzip(),
        )
        .route_service(
            "/editor.js",
            ServeFile::new(site_root.join("editor.js")).precompressed_gzip(),
        )
        .layer(cache)
}
