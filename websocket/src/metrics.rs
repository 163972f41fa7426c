//! The relay's Prometheus metrics, in a registry of its own, exposed at `GET /metrics`.

use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

#[derive(Debug)]
pub(crate) struct Metrics {
    registry: Registry,
    /// Open WebSocket connections (registered with the hub).
    connections: Gauge,
    /// Frames handed to a socket's queue.
    forwarded: Counter,
    /// Frames not delivered because a socket was too slow or the payload was not text.
    dropped: Counter,
}

/// Counts one open connection for as long as it lives.
pub(crate) struct ConnectionGauge(Gauge);

impl Drop for ConnectionGauge {
    fn drop(&mut self) {
        self.0.dec();
    }
}

impl Default for Metrics {
    fn default() -> Metrics {
        let mut registry = Registry::default();
        let connections = Gauge::default();
        registry.register(
            "websocket_connections",
            "Open WebSocket connections",
            connections.clone(),
        );
        let forwarded = Counter::default();
        registry.register(
            "websocket_messages_forwarded",
            "Frames queued for delivery to a socket",
            forwarded.clone(),
        );
        let dropped = Counter::default();
        registry.register(
            "websocket_messages_dropped",
            "Frames not delivered because a socket was too slow or the payload was not text",
            dropped.clone(),
        );
        Metrics {
            registry,
            connections,
            forwarded,
            dropped,
        }
    }
}

impl Metrics {
    pub(crate) fn connection_opened(&self) -> ConnectionGauge {
        self.connections.inc();
        ConnectionGauge(self.connections.clone())
    }

    pub(crate) fn add_forwarded(&self, count: u64) {
        self.forwarded.inc_by(count);
    }

    pub(crate) fn add_dropped(&self, count: u64) {
        self.dropped.inc_by(count);
    }

    /// The registry `GET /metrics` renders.
    pub(crate) fn registry(&self) -> &Registry {
        &self.registry
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(metrics: &Metrics) -> String {
        contract::metrics::render(metrics.registry())
    }

    #[test]
    fn gauge_follows_open_connections() {
        let metrics = Metrics::default();
        let first = metrics.connection_opened();
        let second = metrics.connection_opened();
        drop(first);
        metrics.add_forwarded(3);
        metrics.add_dropped(1);
        let text = render(&metrics);
        for line in [
            "# TYPE websocket_connections gauge\n",
            "\nwebsocket_connections 1\n",
            "# TYPE websocket_messages_forwarded_total counter\n",
            "\nwebsocket_messages_forwarded_total 3\n",
            "# TYPE websocket_messages_dropped_total counter\n",
            "\nwebsocket_messages_dropped_total 1\n",
        ] {
            assert!(text.contains(line), "{line} missing from:\n{text}");
        }
        drop(second);
        assert!(render(&metrics).contains("\nwebsocket_connections 0\n"));
    }
}
