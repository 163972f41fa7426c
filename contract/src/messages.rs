//! Messages that travel through Redis and the websocket.

use serde::{Deserialize, Serialize};

use crate::Submission;

/// A live-update frame, exactly as browsers receive it (API.md "Live updates").
/// Graders publish it to the learner's channel; the relay forwards the text unchanged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    Submission { submission: Submission },
}

impl Event {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("events always serialize")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Status, TestResult};
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
                message: String::new(),
            }],
            feedback: None,
            created_at: chrono::Utc::now(),
            graded_at: None,
            duration_ms: Some(3),
        };
        let json: serde_json::Value =
            serde_json::from_str(&Event::Submission { submission }.to_json()).unwrap();
        assert_eq!(json["type"], "submission");
        assert_eq!(json["submission"]["status"], "passed");
        assert_eq!(json["submission"]["verdict"], serde_json::Value::Null);
        assert_eq!(json["submission"]["tests"][0]["name"], "t");
    }
}
