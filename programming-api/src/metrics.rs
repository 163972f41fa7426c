//! Prometheus counters, kept in atomics and rendered by hand at `GET /metrics`.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

/// Status classes a response is counted under: 1xx to 5xx.
const CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

#[derive(Default)]
pub(crate) struct Metrics {
    /// Requests per matched route pattern (never the raw path, which would let clients
    /// create unbounded label values) and status class.
    requests: RwLock<BTreeMap<String, Arc<[AtomicU64; 5]>>>,
    submissions_queued: AtomicU64,
    submissions_reused: AtomicU64,
    cache_hits: AtomicU64,
    cache_misses: AtomicU64,
}

impl Metrics {
    pub(crate) fn record_request(&self, route: &str, status: u16) {
        let class = usize::from(status / 100).clamp(1, 5) - 1;
        let existing = self
            .requests
            .read()
            .ok()
            .and_then(|map| map.get(route).cloned());
        let counters = match existing {
            Some(counters) => counters,
            None => {
                let Ok(mut map) = self.requests.write() else {
                    return;
                };
                map.entry(route.to_owned()).or_default().clone()
            }
        };
        counters[class].fetch_add(1, Ordering::Relaxed);
    }

    /// A new submission: `reused` when an earlier verdict was copied instead of queueing.
    pub(crate) fn record_submission(&self, reused: bool) {
        let counter = if reused {
            &self.submissions_reused
        } else {
            &self.submissions_queued
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn record_cache(&self, hit: bool) {
        let counter = if hit {
            &self.cache_hits
        } else {
            &self.cache_misses
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The Prometheus text exposition of every counter.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP api_http_requests_total HTTP requests by route and status class.\n");
        out.push_str("# TYPE api_http_requests_total counter\n");
        if let Ok(map) = self.requests.read() {
            for (route, counters) in map.iter() {
                for (class, counter) in CLASSES.iter().zip(counters.iter()) {
                    let value = counter.load(Ordering::Relaxed);
                    if value > 0 {
                        let route = route.replace('\\', "\\\\").replace('"', "\\\"");
                        let _ = writeln!(
                            out,
                            "api_http_requests_total{{route=\"{route}\",status=\"{class}\"}} {value}"
                        );
                    }
                }
            }
        }
        out.push_str("# HELP api_submissions_created_total Submissions created, by outcome.\n");
        out.push_str("# TYPE api_submissions_created_total counter\n");
        for (kind, counter) in [
            ("queued", &self.submissions_queued),
            ("reused", &self.submissions_reused),
        ] {
            let _ = writeln!(
                out,
                "api_submissions_created_total{{kind=\"{kind}\"}} {}",
                counter.load(Ordering::Relaxed)
            );
        }
        out.push_str("# HELP api_cache_requests_total Cache reads, by result.\n");
        out.push_str("# TYPE api_cache_requests_total counter\n");
        for (result, counter) in [("hit", &self.cache_hits), ("miss", &self.cache_misses)] {
            let _ = writeln!(
                out,
                "api_cache_requests_total{{result=\"{result}\"}} {}",
                counter.load(Ordering::Relaxed)
            );
        }
        out
    }
}

/// Middleware counting every response under its matched route.
pub(crate) async fn track(
    State(metrics): State<Arc<Metrics>>,
    req: Request,
    next: Next,
) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let response = next.run(req).await;
    metrics.record_request(&route, response.status().as_u16());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_by_route_and_class() {
        let metrics = Metrics::default();
        metrics.record_request("/api/users", 201);
        metrics.record_request("/api/users", 201);
        metrics.record_request("/api/users", 401);
        metrics.record_submission(false);
        metrics.record_cache(true);
        let text = metrics.render();
        assert!(
            text.contains("api_http_requests_total{route=\"/api/users\",status=\"2xx\"} 2"),
            "{text}"
        );
        assert!(
            text.contains("api_http_requests_total{route=\"/api/users\",status=\"4xx\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("api_submissions_created_total{kind=\"queued\"} 1"),
            "{text}"
        );
        assert!(
            text.contains("api_submissions_created_total{kind=\"reused\"} 0"),
            "{text}"
        );
        assert!(
            text.contains("api_cache_requests_total{result=\"hit\"} 1"),
            "{text}"
        );
    }
}
