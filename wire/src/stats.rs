//! What teachers watch (API.md `GET /api/admin/stats`, `{"type": "stats"}` frames, and the
//! dashboard's history).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `GET /api/admin/stats`, and the `stats` of a `{"type": "stats"}` frame.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stats {
    pub queue: QueueStats,
    /// Submissions that got a verdict from a grader in the last 60 s, regrades included
    /// (reused verdicts are not graded, so not counted).
    pub graded_last_minute: i64,
    /// Learners' waiting times (submitted -> verdict) over the last 5 minutes.
    pub latency_ms: Latency,
    /// Every assignment that is not archived, in course order.
    pub assignments: Vec<AssignmentStats>,
    /// Graders with a heartbeat in the last minute, by name.
    pub graders: Vec<GraderStats>,
    /// When these figures were read.
    pub at: DateTime<Utc>,
}

/// The work queue, from the database (`depth`, `in_flight`, `oldest_queued_ms`) and the
/// streams (`lanes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueStats {
    /// Submissions waiting for a grader (`queued`), both lanes.
    pub depth: i64,
    /// Submissions a grader is running now (`running`).
    pub in_flight: i64,
    /// How long the oldest waiting submission has waited; null when none waits.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub oldest_queued_ms: Option<i64>,
    /// Waiting submissions that are regrades (the bulk lane); included in `depth`.
    pub bulk_depth: i64,
    /// Each stream: entries not yet taken (`waiting`) and taken but not finished
    /// (`pending`).
    pub lanes: Vec<LaneStats>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LaneStats {
    /// `interactive` (learners' submissions and teachers' checks) or `bulk` (regrades).
    pub name: String,
    pub waiting: i64,
    pub pending: i64,
}

/// Percentiles of a set of durations; null when the set is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Latency {
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub p50: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub p95: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub p99: Option<i64>,
}

/// One assignment's figures over all its submissions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignmentStats {
    pub id: i64,
    pub title: String,
    pub submissions: i64,
    /// Learners who submitted at least once.
    pub learners: i64,
    /// Learners with a passing submission.
    pub solved_by: i64,
    /// Passed submissions / graded (`passed` + `failed`) submissions, 0 to 1; null when
    /// none is graded.
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub pass_rate: Option<f64>,
}

/// One grader process, from its heartbeat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GraderStats {
    pub name: String,
    pub languages: Vec<String>,
    /// How many submissions it grades at once.
    pub slots: i64,
    /// How many it is grading now.
    pub busy: i64,
    pub last_seen: DateTime<Utc>,
}

/// One point of the dashboard's history: the queue and the throughput at `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatsSample {
    pub at: DateTime<Utc>,
    pub depth: i64,
    pub in_flight: i64,
    /// Submissions made in the 60 s before `at` (reused verdicts included).
    pub submitted_last_minute: i64,
    pub graded_last_minute: i64,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub p50_ms: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(required = true))]
    pub p95_ms: Option<i64>,
    /// Busy slots over all graders.
    pub busy: i64,
    /// Slots over all graders.
    pub slots: i64,
}

impl StatsSample {
    /// The sample these stats make (the history is a series of them).
    pub fn of(stats: &Stats, submitted_last_minute: i64) -> StatsSample {
        StatsSample {
            at: stats.at,
            depth: stats.queue.depth,
            in_flight: stats.queue.in_flight,
            submitted_last_minute,
            graded_last_minute: stats.graded_last_minute,
            p50_ms: stats.latency_ms.p50,
            p95_ms: stats.latency_ms.p95,
            busy: stats.graders.iter().map(|grader| grader.busy).sum(),
            slots: stats.graders.iter().map(|grader| grader.slots).sum(),
        }
    }
}

/// `GET /api/admin/stats/history`: the last hour, oldest first, a sample every few
/// seconds (`StatsHistory::INTERVAL_SECS`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatsHistory {
    pub samples: Vec<StatsSample>,
}

impl StatsHistory {
    /// Seconds between two samples.
    pub const INTERVAL_SECS: u64 = 5;
    /// How many samples are kept: one hour.
    pub const KEPT: usize = 3600 / Self::INTERVAL_SECS as usize;
}

/// `POST /api/admin/assignments/{id}/regrade`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegradeQueued {
    /// How many submissions went on the bulk lane.
    pub queued: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn stats_have_the_api_md_shape() {
        let stats = Stats {
            queue: QueueStats {
                depth: 3,
                in_flight: 1,
                oldest_queued_ms: None,
                bulk_depth: 2,
                lanes: vec![],
            },
            graded_last_minute: 7,
            latency_ms: Latency {
                p50: Some(10),
                p95: Some(20),
                p99: None,
            },
            assignments: vec![AssignmentStats {
                id: 1,
                title: "Hello".into(),
                submissions: 4,
                learners: 2,
                solved_by: 1,
                pass_rate: Some(0.25),
            }],
            graders: vec![GraderStats {
                name: "g1".into(),
                languages: vec!["python".into()],
                slots: 4,
                busy: 1,
                last_seen: Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap(),
            }],
            at: Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 1).unwrap(),
        };
        let json = serde_json::to_value(&stats).unwrap();
        for key in ["depth", "in_flight", "oldest_queued_ms"] {
            assert!(json["queue"].get(key).is_some(), "{key}");
        }
        assert_eq!(json["queue"]["oldest_queued_ms"], serde_json::Value::Null);
        assert_eq!(json["latency_ms"]["p99"], serde_json::Value::Null);
        for key in [
            "id",
            "title",
            "submissions",
            "learners",
            "solved_by",
            "pass_rate",
        ] {
            assert!(json["assignments"][0].get(key).is_some(), "{key}");
        }
        for key in ["name", "languages", "slots", "busy", "last_seen"] {
            assert!(json["graders"][0].get(key).is_some(), "{key}");
        }
        assert_eq!(json["graders"][0]["last_seen"], "2026-12-03T09:00:00Z");
        assert_eq!(serde_json::from_value::<Stats>(json).unwrap(), stats);

        let sample = StatsSample::of(&stats, 5);
        assert_eq!((sample.busy, sample.slots), (1, 4));
        assert_eq!(sample.submitted_last_minute, 5);
    }
}
