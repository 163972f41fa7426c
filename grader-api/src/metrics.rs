//! The grader's Prometheus metrics, in a registry of its own, exposed at `GET /metrics`.

use std::time::Duration;

use contract::Status;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// Upper bounds (seconds) of the job-duration histogram buckets.
const BUCKETS: [f64; 10] = [0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 60.0];

/// The stored outcomes a graded job is counted under.
const OUTCOMES: [&str; 3] = ["passed", "failed", "error"];

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Outcome {
    outcome: &'static str,
}

#[derive(Debug)]
pub(crate) struct Metrics {
    registry: Registry,
    /// `grader_jobs_total{outcome}`: submissions graded, by stored outcome.
    jobs: Family<Outcome, Counter>,
    /// Sandbox or storage failures that left a job pending for a retry.
    platform_failures: Counter,
    /// Deliveries left pending because another delivery holds the submission.
    busy_deliveries: Counter,
    /// Submissions the reconciler put back on the stream.
    reconciled: Counter,
    /// Jobs taken over from graders whose heartbeat expired.
    takeovers: Counter,
    in_flight: Gauge,
    /// Time from taking a job to storing its result.
    duration: Histogram,
}

impl Metrics {
    pub(crate) fn new(slots: usize) -> Metrics {
        let mut registry = Registry::default();
        let jobs = Family::<Outcome, Counter>::default();
        registry.register(
            "grader_jobs",
            "Submissions graded, by stored outcome",
            jobs.clone(),
        );
        // Every outcome is exposed from the start, at 0, so a rate over it exists.
        for outcome in OUTCOMES {
            drop(jobs.get_or_create(&Outcome { outcome }));
        }
        let counter = |registry: &mut Registry, name: &str, help: &str| {
            let counter = Counter::default();
            registry.register(name, help, counter.clone());
            counter
        };
        let platform_failures = counter(
            &mut registry,
            "grader_platform_failures",
            "Jobs left pending for a retry",
        );
        let busy_deliveries = counter(
            &mut registry,
            "grader_busy_deliveries",
            "Deliveries left pending because another delivery holds the submission",
        );
        let reconciled = counter(
            &mut registry,
            "grader_reconciled",
            "Submissions re-enqueued because the stream had lost them",
        );
        let takeovers = counter(
            &mut registry,
            "grader_takeovers",
            "Jobs taken over from graders known dead (their heartbeat expired)",
        );
        let in_flight = Gauge::default();
        registry.register(
            "grader_jobs_in_flight",
            "Jobs being graded right now",
            in_flight.clone(),
        );
        let slots_gauge = Gauge::<i64>::default();
        slots_gauge.set(i64::try_from(slots).unwrap_or(i64::MAX));
        registry.register("grader_slots", "Sandbox slots of this grader", slots_gauge);
        let duration = Histogram::new(BUCKETS);
        registry.register(
            "grader_job_duration_seconds",
            "Time from taking a job to storing its result",
            duration.clone(),
        );
        Metrics {
            registry,
            jobs,
            platform_failures,
            busy_deliveries,
            reconciled,
            takeovers,
            in_flight,
            duration,
        }
    }

    /// Counts a job whose final status was stored, and how long it took.
    pub(crate) fn record_final(&self, status: Status, took: Duration) {
        let outcome = match status {
            Status::Passed => "passed",
            Status::Failed => "failed",
            _ => "error",
        };
        self.jobs.get_or_create(&Outcome { outcome }).inc();
        self.duration.observe(took.as_secs_f64());
    }

    pub(crate) fn record_platform_failure(&self) {
        self.platform_failures.inc();
    }

    pub(crate) fn record_busy_delivery(&self) {
        self.busy_deliveries.inc();
    }

    pub(crate) fn record_takeovers(&self, count: usize) {
        self.takeovers.inc_by(count as u64);
    }

    pub(crate) fn record_reconciled(&self, count: usize) {
        self.reconciled.inc_by(count as u64);
    }

    /// Marks a job as running until the returned guard is dropped, however the job ends.
    pub(crate) fn in_flight(&self) -> InFlight<'_> {
        self.in_flight.inc();
        InFlight(self)
    }

    /// The registry `GET /metrics` renders.
    /// Jobs running now (the heartbeat reports it).
    pub(crate) fn busy(&self) -> i64 {
        self.in_flight.get()
    }

    pub(crate) fn registry(&self) -> &Registry {
        &self.registry
    }
}

pub(crate) struct InFlight<'a>(&'a Metrics);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.dec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(metrics: &Metrics) -> String {
        contract::metrics::render(metrics.registry())
    }

    #[test]
    fn renders_counters_gauges_and_a_cumulative_histogram() {
        let metrics = Metrics::new(3);
        metrics.record_final(Status::Passed, Duration::from_millis(300));
        metrics.record_final(Status::Failed, Duration::from_secs(7));
        metrics.record_platform_failure();
        metrics.record_takeovers(2);
        let guard = metrics.in_flight();
        let text = render(&metrics);
        drop(guard);
        for line in [
            "# TYPE grader_jobs_total counter\n",
            "grader_jobs_total{outcome=\"passed\"} 1\n",
            "grader_jobs_total{outcome=\"failed\"} 1\n",
            "grader_jobs_total{outcome=\"error\"} 0\n",
            "# TYPE grader_platform_failures_total counter\n",
            "grader_platform_failures_total 1\n",
            "grader_busy_deliveries_total 0\n",
            "grader_reconciled_total 0\n",
            "grader_takeovers_total 2\n",
            "# TYPE grader_jobs_in_flight gauge\n",
            "grader_jobs_in_flight 1\n",
            "# TYPE grader_slots gauge\n",
            "grader_slots 3\n",
            "# TYPE grader_job_duration_seconds histogram\n",
            "grader_job_duration_seconds_bucket{le=\"0.25\"} 0\n",
            "grader_job_duration_seconds_bucket{le=\"0.5\"} 1\n",
            "grader_job_duration_seconds_bucket{le=\"10\"} 2\n",
            "grader_job_duration_seconds_bucket{le=\"+Inf\"} 2\n",
            "grader_job_duration_seconds_sum 7.3\n",
            "grader_job_duration_seconds_count 2\n",
        ] {
            assert!(text.contains(line), "{line} missing from:\n{text}");
        }
        assert!(render(&metrics).contains("grader_jobs_in_flight 0\n"));
    }
}
