//! Prometheus metrics: the one way every service answers `GET /metrics`, and the HTTP
//! request counter that the API and the UI share.
//!
//! Each service instance owns a [`Registry`] of its own (no global registry), so
//! several instances in one process (the all-in-one binary, a test) never count into
//! each other. The exposition is the Prometheus text format 0.0.4, written by
//! prometheus-client, which adds `_total` to counter names itself: register a counter
//! as `x` to expose `x_total`.

use axum::extract::{MatchedPath, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::prometheus_text;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::registry::Registry;

/// The route label of a request that matched no route (an unknown path): raw paths
/// would let clients create label values without bound.
const UNMATCHED: &str = "unmatched";

/// `registry` in the Prometheus text format, as `GET /metrics` answers it.
pub fn render(registry: &Registry) -> String {
    let mut text = String::new();
    // Writing into a String cannot fail; an encoder error would only cut the text short.
    if let Err(err) = prometheus_text::encode(&mut text, registry) {
        tracing::error!(error = %err, "encoding the metrics failed");
    }
    text
}

/// The answer to `GET /metrics`: [`render`] with its content type.
pub fn response(registry: &Registry) -> Response {
    (
        [(CONTENT_TYPE, prometheus_text::CONTENT_TYPE)],
        render(registry),
    )
        .into_response()
}

/// The labels of one request count: the matched route pattern and the status class.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    status: &'static str,
}

/// HTTP requests counted by matched route pattern and status class (`1xx` to `5xx`).
#[derive(Clone, Debug, Default)]
pub struct HttpRequests {
    counts: Family<RequestLabels, Counter>,
}

impl HttpRequests {
    /// A counter registered in `registry` as `name` (exposed as `name_total`).
    pub fn register(registry: &mut Registry, name: &str) -> HttpRequests {
        let requests = HttpRequests::default();
        registry.register(
            name,
            "HTTP requests by route and status class",
            requests.counts.clone(),
        );
        requests
    }

    /// Counts one answer with `status` to a request that matched `route`.
    pub fn record(&self, route: &str, status: StatusCode) {
        let status = match status.as_u16() / 100 {
            0 | 1 => "1xx",
            2 => "2xx",
            3 => "3xx",
            4 => "4xx",
            _ => "5xx",
        };
        self.counts
            .get_or_create(&RequestLabels {
                route: route.to_owned(),
                status,
            })
            .inc();
    }
}

/// Middleware counting every response under its matched route; add it with
/// `Router::layer`, which wraps each route, so the matched pattern is known here.
pub async fn count_requests(
    State(requests): State<HttpRequests>,
    request: Request,
    next: Next,
) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| UNMATCHED.to_owned(), |path| path.as_str().to_owned());
    let response = next.run(request).await;
    requests.record(&route, response.status());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    use axum::body::Body;
    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt;

    #[test]
    fn requests_are_counted_by_route_and_status_class() {
        let mut registry = Registry::default();
        let requests = HttpRequests::register(&mut registry, "test_http_requests");
        requests.record("/api/users", StatusCode::CREATED);
        requests.record("/api/users", StatusCode::OK);
        requests.record("/api/users", StatusCode::UNAUTHORIZED);
        requests.record("/a \"quoted\" \\ route", StatusCode::SERVICE_UNAVAILABLE);
        let text = render(&registry);
        for line in [
            "# TYPE test_http_requests_total counter\n",
            "test_http_requests_total{route=\"/api/users\",status=\"2xx\"} 2\n",
            "test_http_requests_total{route=\"/api/users\",status=\"4xx\"} 1\n",
            "test_http_requests_total{route=\"/a \\\"quoted\\\" \\\\ route\",status=\"5xx\"} 1\n",
        ] {
            assert!(text.contains(line), "{line} missing from:\n{text}");
        }
        assert!(!text.contains("status=\"3xx\""), "{text}");
    }

    #[tokio::test]
    async fn the_middleware_counts_the_matched_pattern_never_the_raw_path() {
        let mut registry = Registry::default();
        let requests = HttpRequests::register(&mut registry, "test_http_requests");
        let router = Router::new()
            .route("/items/{id}", get(|| async { "item" }))
            .layer(axum::middleware::from_fn_with_state(
                requests,
                count_requests,
            ));
        for path in ["/items/1", "/items/2", "/elsewhere"] {
            let request = Request::get(path).body(Body::empty()).unwrap();
            router.clone().oneshot(request).await.unwrap();
        }
        let text = render(&registry);
        for line in [
            "test_http_requests_total{route=\"/items/{id}\",status=\"2xx\"} 2\n",
            "test_http_requests_total{route=\"unmatched\",status=\"4xx\"} 1\n",
        ] {
            assert!(text.contains(line), "{line} missing from:\n{text}");
        }
        assert!(!text.contains("/items/1"), "{text}");
    }

    #[test]
    fn the_response_is_prometheus_text() {
        let registry = Registry::default();
        let response = response(&registry);
        assert_eq!(
            response.headers()[CONTENT_TYPE],
            "text/plain; version=0.0.4; charset=utf-8"
        );
    }
}
