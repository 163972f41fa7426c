//! What the UI's own process serves besides the site: `/api/health` (alive),
//! `/api/ready` (programming-api answers) and `/metrics` (requests by route and status
//! class). In the all-in-one binary these paths belong to programming-api.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use contract::health::{NotReady, Readiness};
use contract::metrics::HttpRequests;
use prometheus_client::registry::Registry;

use crate::api::ApiClient;

/// The UI server's metrics, in a registry of its own.
#[derive(Debug)]
pub(super) struct Metrics {
    registry: Registry,
    /// `ui_http_requests_total{route, status}`, as the API counts its own.
    pub(super) requests: HttpRequests,
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut registry = Registry::default();
        let requests = HttpRequests::register(&mut registry, "ui_http_requests");
        Metrics { registry, requests }
    }
}

#[derive(Clone)]
struct OpsState {
    api: ApiClient,
    metrics: Arc<Metrics>,
}

pub(super) fn router(api: ApiClient, metrics: Arc<Metrics>) -> Router {
    Router::new()
        .route("/api/health", get(contract::health::alive))
        .route("/api/ready", get(ready))
        .route("/metrics", get(render))
        .with_state(OpsState { api, metrics })
}

/// Ready when programming-api answers: the UI reads everything it renders there.
#[tracing::instrument(skip_all)]
async fn ready(State(state): State<OpsState>) -> Result<impl IntoResponse, NotReady> {
    Readiness::new()
        .check("programming-api", state.api.alive())
        .run()
        .await?;
    Ok(contract::health::ok())
}

async fn render(State(state): State<OpsState>) -> Response {
    contract::metrics::response(&state.metrics.registry)
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use tokio::net::TcpListener;
    use tower::ServiceExt;

    use crate::server::{build, Config, Ui};

    /// A UI whose API is at `api_url`, with no site files.
    async fn ui(api_url: String) -> Ui {
        build(Config {
            api_url,
            site_root: std::env::temp_dir().join("no-such-site"),
            trusted_proxies: Default::default(),
            http: Default::default(),
        })
        .await
        .unwrap()
    }

    /// Status and body of `GET path` on the router the UI's own process serves.
    async fn get(ui: &Ui, path: &str) -> (StatusCode, String) {
        let request = Request::get(path).body(Body::empty()).unwrap();
        let response = ui.own_router().oneshot(request).await.unwrap();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    /// A stand-in for programming-api that answers its liveness probe.
    async fn live_api() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let api =
            axum::Router::new().route("/api/health", axum::routing::get(contract::health::alive));
        tokio::spawn(async move { axum::serve(listener, api).await });
        url
    }

    /// An address where nothing listens.
    async fn dead_api() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    }

    #[tokio::test]
    async fn ready_while_the_api_answers_and_not_otherwise() {
        let ui = ui(live_api().await).await;
        assert_eq!(get(&ui, "/api/health").await.0, StatusCode::OK);
        let (status, body) = get(&ui, "/api/ready").await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::OK, r#"{"status":"ok"}"#)
        );

        let ui = ui_without_api().await;
        assert_eq!(get(&ui, "/api/health").await.0, StatusCode::OK);
        let (status, body) = get(&ui, "/api/ready").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["error"]["code"], "unavailable");
        assert_eq!(body["error"]["message"], "programming-api is not available");
    }

    async fn ui_without_api() -> Ui {
        ui(dead_api().await).await
    }

    #[tokio::test]
    async fn metrics_count_requests_by_route_and_status_class() {
        let ui = ui(live_api().await).await;
        get(&ui, "/api/ready").await;
        get(&ui, "/api/ready").await;
        get(&ui, "/style.css").await;
        let (status, text) = get(&ui, "/metrics").await;
        assert_eq!(status, StatusCode::OK);
        for line in [
            "# TYPE ui_http_requests_total counter\n",
            "ui_http_requests_total{route=\"/api/ready\",status=\"2xx\"} 2\n",
            "ui_http_requests_total{route=\"/style.css\",status=\"4xx\"} 1\n",
        ] {
            assert!(text.contains(line), "{line} missing from:\n{text}");
        }
        // Each UI counts on its own.
        let (_, text) = get(&ui_without_api().await, "/metrics").await;
        assert!(!text.contains("/api/ready"), "{text}");
    }
}
