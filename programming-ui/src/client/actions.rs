//! What the learner's clicks and the live connection do: submit, and re-read state.

use leptos::prelude::*;
use leptos::task::spawn_local;
#[cfg(not(feature = "ssr"))]
use wire::assignment::AssignmentEnvelope;
use wire::assignment::AssignmentList;
use wire::live::Event;
use wire::submission::{SubmissionEnvelope, SubmissionPage, SubmitRequest};
use wire::{Progress, Submission};

use super::http;
use super::live::Listener;
use crate::model::ApiError;
#[cfg(not(feature = "ssr"))]
use crate::model::PageData;
use crate::state::{PageState, CODE_TEXTAREA_ID};

/// Sends the editor's code; the status shows at once, the WebSocket does the rest.
pub(crate) fn submit(state: PageState) {
    if state.submitting.get_untracked() {
        return;
    }
    let code = super::editor::value(CODE_TEXTAREA_ID).unwrap_or_else(|| state.code.get_untracked());
    state.code.set(code.clone());
    state.submitting.set(true);
    state.error.set(None);
    spawn_local(async move {
        let path = format!("/api/assignments/{}/submissions", state.assignment_id);
        let body = serde_json::to_string(&SubmitRequest { code }).expect("a string serializes");
        match http::post::<SubmissionEnvelope>(&path, body).await {
            Ok(answer) => {
                // A reused earlier verdict comes back final at once (201).
                if state.apply(answer.submission) {
                    refresh_progress(state).await;
                }
            }
            Err(err) => state.error.set(Some(err.user_message())),
        }
        state.submitting.set(false);
    });
}

/// The assignment page's live connection: its submissions' frames, and a re-read after
/// every (re)connect.
impl Listener for PageState {
    fn opened(&self) {
        self.connected.set(true);
        refresh_all(*self);
    }

    fn closed(&self) {
        self.connected.set(false);
    }

    fn frame(&self, event: Event) {
        if let Event::Submission { submission } = event {
            on_frame(*self, submission);
        }
    }
}

/// Takes in a live frame's submission.
fn on_frame(state: PageState, submission: Submission) {
    if state.apply(submission) {
        spawn_local(refresh_progress(state));
    }
}

/// Re-reads everything that can change while the socket was down.
fn refresh_all(state: PageState) {
    spawn_local(async move {
        let path = format!(
            "/api/me/submissions?assignment_id={}&per_page=20",
            state.assignment_id
        );
        match http::get::<SubmissionPage>(&path).await {
            Ok(list) => {
                for submission in list.submissions.into_iter().rev() {
                    state.apply(submission);
                }
            }
            Err(err) => report(state, err),
        }
        refresh_progress(state).await;
    });
}

async fn refresh_progress(state: PageState) {
    match http::get::<Progress>("/api/me/progress").await {
        Ok(progress) => state.progress.set(progress),
        Err(err) => return report(state, err),
    }
    match http::get::<AssignmentList>("/api/assignments").await {
        Ok(list) => state.assignments.set(list.assignments),
        Err(err) => report(state, err),
    }
}

fn report(state: PageState, err: ApiError) {
    state.error.set(Some(err.user_message()));
}

/// The page's data read from the browser, used only when the server's copy is missing.
#[cfg(not(feature = "ssr"))]
pub(crate) async fn load_page(id: Option<i64>) -> Result<PageData, ApiError> {
    let id = id.ok_or_else(|| ApiError::from_response(404, ""))?;
    let assignment = http::get::<AssignmentEnvelope>(&format!("/api/assignments/{id}")).await?;
    let assignments = http::get::<AssignmentList>("/api/assignments").await?;
    let progress = http::get::<Progress>("/api/me/progress").await?;
    let history = http::get::<SubmissionPage>(&format!(
        "/api/me/submissions?assignment_id={id}&per_page=20"
    ))
    .await?;
    let assignment = assignment.assignment;
    let handout_html = crate::markdown::render(crate::markdown::without_title(
        &assignment.handout,
        &assignment.title,
    ));
    Ok(PageData {
        assignment,
        handout_html,
        assignments: assignments.assignments,
        progress,
        submissions: history.submissions,
    })
}
