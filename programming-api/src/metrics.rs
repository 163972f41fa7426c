//! The API's Prometheus metrics, in a registry of its own, exposed at `GET /metrics`.

use contract::metrics::HttpRequests;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Kind {
    kind: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CacheResult {
    result: &'static str,
}

/// Where a cached answer was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CacheRead {
    /// In this process (`near.rs`).
    Near,
    /// In Redis.
    Hit,
    Miss,
}

#[derive(Debug)]
pub(crate) struct Metrics {
    registry: Registry,
    /// `api_http_requests_total{route, status}`: requests per matched route pattern
    /// (never the raw path, which would let clients create unbounded label values) and
    /// status class.
    pub(crate) requests: HttpRequests,
    /// `api_submissions_created_total{kind}`: `queued`, or `reused` when an earlier
    /// verdict was copied instead.
    submissions: Family<Kind, Counter>,
    /// `api_cache_requests_total{result}`: `near` (this process's copy, `near.rs`), `hit`
    /// (Redis's) or `miss`.
    cache: Family<CacheResult, Counter>,
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut registry = Registry::default();
        let requests = HttpRequests::register(&mut registry, "api_http_requests");
        let submissions = Family::<Kind, Counter>::default();
        registry.register(
            "api_submissions_created",
            "Submissions created, by outcome",
            submissions.clone(),
        );
        let cache = Family::<CacheResult, Counter>::default();
        registry.register(
            "api_cache_requests",
            "Cache reads, by result",
            cache.clone(),
        );
        // Every outcome is exposed from the start, at 0, so a rate over it exists.
        for kind in ["queued", "reused"] {
            drop(submissions.get_or_create(&Kind { kind }));
        }
        for result in ["near", "hit", "miss"] {
            drop(cache.get_or_create(&CacheResult { result }));
        }
        Metrics {
            registry,
            requests,
            submissions,
            cache,
        }
    }
}

impl Metrics {
    /// A new submission: `reused` when an earlier verdict was copied instead of queueing.
    pub(crate) fn record_submission(&self, reused: bool) {
        let kind = if reused { "reused" } else { "queued" };
        self.submissions.get_or_create(&Kind { kind }).inc();
    }

    pub(crate) fn record_cache(&self, read: CacheRead) {
        let result = match read {
            CacheRead::Near => "near",
            CacheRead::Hit => "hit",
            CacheRead::Miss => "miss",
        };
        self.cache.get_or_create(&CacheResult { result }).inc();
    }

    /// The registry `GET /metrics` renders.
    pub(crate) fn registry(&self) -> &Registry {
        &self.registry
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::StatusCode;

    #[test]
    fn renders_counters_by_route_and_class() {
        let metrics = Metrics::default();
        metrics.requests.record("/api/users", StatusCode::CREATED);
        metrics.requests.record("/api/users", StatusCode::CREATED);
        metrics
            .requests
            .record("/api/users", StatusCode::UNAUTHORIZED);
        metrics.record_submission(false);
        metrics.record_cache(CacheRead::Hit);
        let text = contract::metrics::render(metrics.registry());
        for line in [
            "# TYPE api_http_requests_total counter\n",
            "api_http_requests_total{route=\"/api/users\",status=\"2xx\"} 2\n",
            "api_http_requests_total{route=\"/api/users\",status=\"4xx\"} 1\n",
            "# TYPE api_submissions_created_total counter\n",
            "api_submissions_created_total{kind=\"queued\"} 1\n",
            "api_submissions_created_total{kind=\"reused\"} 0\n",
            "# TYPE api_cache_requests_total counter\n",
            "api_cache_requests_total{result=\"near\"} 0\n",
            "api_cache_requests_total{result=\"hit\"} 1\n",
            "api_cache_requests_total{result=\"miss\"} 0\n",
        ] {
            assert!(text.contains(line), "{line} missing from:\n{text}");
        }
    }

    #[test]
    fn each_instance_counts_on_its_own() {
        let (first, second) = (Metrics::default(), Metrics::default());
        first.record_submission(true);
        let text = contract::metrics::render(second.registry());
        assert!(
            text.contains("api_submissions_created_total{kind=\"reused\"} 0\n"),
            "{text}"
        );
    }
}
