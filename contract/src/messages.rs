//! Messages that travel through Redis and the websocket: `wire`'s live-update frames, and
//! the commands that publish them.
//!
//! A submission's event goes to two channels: its learner's (the learner's view: hidden
//! results as `hidden test N`) and the admins' (every result as it was). The relay
//! forwards each only to its own sockets.

use crate::keys::Keys;
use crate::submission::Views;

pub use wire::live::{Event, Ping};

/// How long a `running` event keeps later place-in-line frames of the same submission
/// from being published: longer than any publisher of those frames takes to publish.
const STARTED_MARKER_SECS: u64 = 600;

fn frame(submission: &wire::Submission) -> String {
    let event = Event::Submission {
        submission: submission.clone(),
    };
    serde_json::to_string(&event).expect("events always serialize")
}

/// Who a status change is published to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The learner (their view) and the teachers (theirs).
    Everyone,
    /// Only the teachers: the learner has the change in the answer to their own request
    /// (a new submission, a reused verdict).
    Teachers,
}

/// Publishes a status change in the views `audience` reads.
pub fn publish(keys: &Keys, views: &Views, audience: Audience) -> redis::Pipeline {
    let mut pipeline = redis::pipe();
    // A changed status makes the cached answer of `GET /api/submissions/{id}` stale: it goes
    // before the frames, so a client reading after its frame never gets the old one.
    pipeline
        .add_command(crate::keys::forget_submission(keys, views.teacher.id))
        .ignore();
    if audience == Audience::Everyone {
        pipeline
            .cmd("PUBLISH")
            .arg(keys.user_channel(views.learner.user_id))
            .arg(frame(&views.learner))
            .ignore();
    }
    {
        pipeline
            .cmd("PUBLISH")
            .arg(keys.admin_channel())
            .arg(frame(&views.teacher))
            .ignore();
    }
    pipeline
}

/// Publishes a grader's `running` event and, in the same transaction, marks the
/// submission started, so no place-in-line frame published later can follow it.
pub fn publish_running(keys: &Keys, views: &Views) -> redis::Pipeline {
    let mut pipeline = publish(keys, views, Audience::Everyone);
    pipeline
        .atomic()
        .cmd("SET")
        .arg(keys.started_marker(views.teacher.id))
        .arg(1)
        .arg("EX")
        .arg(STARTED_MARKER_SECS)
        .ignore();
    pipeline
}

/// Forgets that a submission was started: it is queued again (a regrade).
pub fn forget_started(keys: &Keys, submission_id: uuid::Uuid) -> redis::Cmd {
    let mut command = redis::cmd("DEL");
    command.arg(keys.started_marker(submission_id));
    command
}

/// Publishes a learner's `queued` frame with its place in line unless a grader has
/// already published the submission's `running` event: frames of one submission arrive in
/// status order.
pub fn publish_place_in_line(keys: &Keys, submission: &wire::Submission) -> redis::Cmd {
    const SCRIPT: &str = "if redis.call('EXISTS', KEYS[1]) == 0 then \
                              return redis.call('PUBLISH', KEYS[2], ARGV[1]) \
                          end \
                          return -1";
    let mut command = redis::cmd("EVAL");
    command
        .arg(SCRIPT)
        .arg(2)
        .arg(keys.started_marker(submission.id))
        .arg(keys.user_channel(submission.user_id))
        .arg(frame(submission));
    command
}
