//! Live-update frames (API.md "Live updates").

use serde::{Deserialize, Serialize};

use crate::stats::Stats;
use crate::Submission;

/// A frame the server sends. Graders publish it to the learner's channel (the learner's
/// view) and to the admins' channel (the teacher's view); the relay forwards the text
/// unchanged; the browser reads it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    Submission {
        submission: Submission,
    },
    /// Admin connections only, every second while any is open (API.md: at least every 2 s).
    Stats {
        stats: Box<Stats>,
    },
}

/// A frame a client may send, and the relay's answer to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Ping {
    Ping,
    Pong,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Status, TestResult};
    use chrono::{TimeZone, Utc};
    use uuid::Uuid;

    #[test]
    fn event_has_the_api_md_shape() {
        let submission = Submission {
            id: Uuid::nil(),
            assignment_id: 1,
            user_id: Uuid::nil(),
            code: "x".into(),
            status: Status::Passed,
            verdict: None,
            tests: vec![TestResult {
                name: "t".into(),
                passed: true,
                message: Some(String::new()),
                duration_ms: None,
            }],
            feedback: None,
            created_at: Utc.with_ymd_and_hms(2026, 11, 25, 21, 36, 1).unwrap(),
            graded_at: None,
            duration_ms: Some(3),
            queue_position: None,
            eta_ms: None,
            queued_at: None,
        };
        let event = Event::Submission { submission };
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["type"], "submission");
        assert_eq!(json["submission"]["status"], "passed");
        assert_eq!(json["submission"]["verdict"], serde_json::Value::Null);
        assert_eq!(json["submission"]["tests"][0]["name"], "t");
        assert_eq!(json["submission"]["created_at"], "2026-11-25T21:36:01Z");
        assert_eq!(serde_json::from_value::<Event>(json).unwrap(), event);
    }

    #[test]
    fn ping_and_pong_are_typed_frames() {
        assert_eq!(
            serde_json::from_str::<Ping>(r#"{"type":"ping"}"#).unwrap(),
            Ping::Ping
        );
        assert_eq!(
            serde_json::to_string(&Ping::Pong).unwrap(),
            r#"{"type":"pong"}"#
        );
    }
}
