//! Hand-written Prometheus metrics: a few atomics rendered in the text format.

use std::fmt::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use contract::Status;

/// Upper bounds (seconds) of the job-duration histogram buckets.
const BUCKETS: [f64; 10] = [0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0];

#[derive(Debug, Default)]
pub(crate) struct Metrics {
    passed: AtomicU64,
    failed: AtomicU64,
    error: AtomicU64,
    /// Sandbox or storage failures that left a job pending for a retry.
    platform_failures: AtomicU64,
    /// Deliveries left pending because another delivery holds the submission.
    busy_deliveries: AtomicU64,
    /// Submissions the reconciler put back on the stream.
    reconciled: AtomicU64,
    /// Jobs taken over from graders whose heartbeat expired.
    takeovers: AtomicU64,
    in_flight: AtomicI64,
    slots: AtomicU64,
    bucket_counts: [AtomicU64; BUCKETS.len()],
    duration_count: AtomicU64,
    duration_sum_micros: AtomicU64,
}

impl Metrics {
    pub(crate) fn new(slots: usize) -> Metrics {
        let metrics = Metrics::default();
        metrics.slots.store(slots as u64, Ordering::Relaxed);
        metrics
    }

    /// Counts a job whose final status was stored, and how long it took.
    pub(crate) fn record_final(&self, status: Status, took: Duration) {
        let counter = match status {
            Status::Passed => &self.passed,
            Status::Failed => &self.failed,
            _ => &self.error,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        let seconds = took.as_secs_f64();
        for (bound, count) in BUCKETS.iter().zip(&self.bucket_counts) {
            if seconds <= *bound {
                count.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.duration_count.fetch_add(1, Ordering::Relaxed);
        self.duration_sum_micros
            .fetch_add(took.as_micros() as u64, Ordering::Relaxed);
    }

    pub(crate) fn record_platform_failure(&self) {
        self.platform_failures.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn record_busy_delivery(&self) {
        self.busy_deliveries.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn record_takeovers(&self, count: usize) {
        self.takeovers.fetch_add(count as u64, Ordering::Relaxed);
    }

    pub(crate) fn record_reconciled(&self, count: usize) {
        self.reconciled.fetch_add(count as u64, Ordering::Relaxed);
    }

    /// Marks a job as running until the returned guard is dropped, however the job ends.
    pub(crate) fn in_flight(&self) -> InFlight<'_> {
        self.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight(self)
    }

    /// The Prometheus text exposition of every metric.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        let load = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        out.push_str("# HELP grader_jobs_total Submissions graded, by stored outcome.\n");
        out.push_str("# TYPE grader_jobs_total counter\n");
        for (outcome, counter) in [
            ("passed", &self.passed),
            ("failed", &self.failed),
            ("error", &self.error),
        ] {
            let _ = writeln!(
                out,
                "grader_jobs_total{{outcome=\"{outcome}\"}} {}",
                load(counter)
            );
        }
        out.push_str("# HELP grader_platform_failures_total Jobs left pending for a retry.\n");
        out.push_str("# TYPE grader_platform_failures_total counter\n");
        let _ = writeln!(
            out,
            "grader_platform_failures_total {}",
            load(&self.platform_failures)
        );
        for (name, help, counter) in [
            (
                "grader_busy_deliveries_total",
                "Deliveries left pending because another delivery holds the submission.",
                &self.busy_deliveries,
            ),
            (
                "grader_reconciled_total",
                "Submissions re-enqueued because the stream had lost them.",
                &self.reconciled,
            ),
            (
                "grader_takeovers_total",
                "Jobs taken over from graders known dead (their heartbeat expired).",
                &self.takeovers,
            ),
        ] {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
            let _ = writeln!(out, "{name} {}", load(counter));
        }
        out.push_str("# HELP grader_jobs_in_flight Jobs being graded right now.\n");
        out.push_str("# TYPE grader_jobs_in_flight gauge\n");
        let _ = writeln!(
            out,
            "grader_jobs_in_flight {}",
            self.in_flight.load(Ordering::Relaxed)
        );
        out.push_str("# HELP grader_slots Sandbox slots of this grader.\n");
        out.push_str("# TYPE grader_slots gauge\n");
        let _ = writeln!(out, "grader_slots {}", load(&self.slots));
        out.push_str(
            "# HELP grader_job_duration_seconds Time from taking a job to storing its result.\n",
        );
        out.push_str("# TYPE grader_job_duration_seconds histogram\n");
        for (bound, count) in BUCKETS.iter().zip(&self.bucket_counts) {
            let _ = writeln!(
                out,
                "grader_job_duration_seconds_bucket{{le=\"{bound}\"}} {}",
                load(count)
            );
        }
        let count = load(&self.duration_count);
        let _ = writeln!(
            out,
            "grader_job_duration_seconds_bucket{{le=\"+Inf\"}} {count}"
        );
        let sum = load(&self.duration_sum_micros) as f64 / 1e6;
        let _ = writeln!(out, "grader_job_duration_seconds_sum {sum}");
        let _ = writeln!(out, "grader_job_duration_seconds_count {count}");
        out
    }
}

pub(crate) struct InFlight<'a>(&'a Metrics);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_gauges_and_a_cumulative_histogram() {
        let metrics = Metrics::new(3);
        metrics.record_final(Status::Passed, Duration::from_millis(300));
        metrics.record_final(Status::Failed, Duration::from_secs(7));
        let guard = metrics.in_flight();
        let text = metrics.render();
        drop(guard);
        assert!(
            text.contains("grader_jobs_total{outcome=\"passed\"} 1\n"),
            "{text}"
        );
        assert!(
            text.contains("grader_jobs_total{outcome=\"failed\"} 1\n"),
            "{text}"
        );
        assert!(
            text.contains("grader_jobs_total{outcome=\"error\"} 0\n"),
            "{text}"
        );
        assert!(text.contains("grader_jobs_in_flight 1\n"), "{text}");
        assert!(text.contains("grader_slots 3\n"), "{text}");
        assert!(
            text.contains("grader_job_duration_seconds_bucket{le=\"0.25\"} 0\n"),
            "{text}"
        );
        assert!(
            text.contains("grader_job_duration_seconds_bucket{le=\"0.5\"} 1\n"),
            "{text}"
        );
        assert!(
            text.contains("grader_job_duration_seconds_bucket{le=\"10\"} 2\n"),
            "{text}"
        );
        assert!(
            text.contains("grader_job_duration_seconds_bucket{le=\"+Inf\"} 2\n"),
            "{text}"
        );
        assert!(
            text.contains("grader_job_duration_seconds_count 2\n"),
            "{text}"
        );
        assert!(metrics.render().contains("grader_jobs_in_flight 0\n"));
    }
}
