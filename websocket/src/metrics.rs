//! The relay's Prometheus metrics, kept as plain atomics and rendered by hand: three
//! numbers do not justify a metrics framework.

use std::fmt::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;

#[derive(Debug, Default)]
pub(crate) struct Metrics {
    /// Open WebSocket connections (registered with the hub).
    connections: AtomicI64,
    /// Frames handed to a socket's queue.
    forwarded: AtomicU64,
    /// Frames not delivered because a socket was too slow or the payload was not text.
    dropped: AtomicU64,
}

/// Counts one open connection for as long as it lives.
pub(crate) struct ConnectionGauge(Arc<Metrics>);

impl Drop for ConnectionGauge {
    fn drop(&mut self) {
        self.0.connections.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Metrics {
    pub(crate) fn connection_opened(self: &Arc<Self>) -> ConnectionGauge {
        self.connections.fetch_add(1, Ordering::Relaxed);
        ConnectionGauge(Arc::clone(self))
    }

    pub(crate) fn add_forwarded(&self, count: u64) {
        self.forwarded.fetch_add(count, Ordering::Relaxed);
    }

    pub(crate) fn add_dropped(&self, count: u64) {
        self.dropped.fetch_add(count, Ordering::Relaxed);
    }

    /// The Prometheus text exposition format.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        let mut metric = |name: &str, kind: &str, help: &str, value: String| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        };
        metric(
            "websocket_connections",
            "gauge",
            "Open WebSocket connections.",
            self.connections.load(Ordering::Relaxed).to_string(),
        );
        metric(
            "websocket_messages_forwarded_total",
            "counter",
            "Frames queued for delivery to a socket.",
            self.forwarded.load(Ordering::Relaxed).to_string(),
        );
        metric(
            "websocket_messages_dropped_total",
            "counter",
            "Frames not delivered because a socket was too slow or the payload was not text.",
            self.dropped.load(Ordering::Relaxed).to_string(),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauge_follows_open_connections() {
        let metrics = Arc::new(Metrics::default());
        let first = metrics.connection_opened();
        let second = metrics.connection_opened();
        drop(first);
        metrics.add_forwarded(3);
        metrics.add_dropped(1);
        let text = metrics.render();
        assert!(text.contains("\nwebsocket_connections 1\n"), "{text}");
        assert!(
            text.contains("\nwebsocket_messages_forwarded_total 3\n"),
            "{text}"
        );
        assert!(
            text.contains("\nwebsocket_messages_dropped_total 1\n"),
            "{text}"
        );
        drop(second);
        assert!(metrics.render().contains("\nwebsocket_connections 0\n"));
    }
}
