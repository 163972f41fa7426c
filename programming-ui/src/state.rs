//! The live state of an assignment page: what the server rendered, then kept current by
//! the learner's actions, the WebSocket and re-reads after a reconnect.

use leptos::prelude::*;

use wire::{AssignmentSummary, Progress, Status, Submission};

use crate::model::{upsert_submission, PageData};

/// The id of the learner's code textarea, which the editor replaces: the page renders
/// it, the submit action reads the editor through it.
pub(crate) const CODE_TEXTAREA_ID: &str = "code";

/// Signals are `Copy`, so this handle is passed around freely.
#[derive(Clone, Copy)]
pub(crate) struct PageState {
    pub(crate) assignment_id: i64,
    pub(crate) assignments: RwSignal<Vec<AssignmentSummary>>,
    pub(crate) progress: RwSignal<Progress>,
    /// This assignment's submissions, newest first; the first is the one the results
    /// panel shows.
    pub(crate) submissions: RwSignal<Vec<Submission>>,
    /// The code in the editor, kept in sync with it (or with the fallback textarea).
    pub(crate) code: RwSignal<String>,
    /// The message of the error banner.
    pub(crate) error: RwSignal<Option<String>>,
    /// Whether the WebSocket is open; the server render says "closed".
    pub(crate) connected: RwSignal<bool>,
    /// A POST is on its way, so a second click does not send the code twice.
    pub(crate) submitting: RwSignal<bool>,
    /// The assignment's language: the editor's highlighting.
    pub(crate) language: StoredValue<String>,
}

impl PageState {
    pub(crate) fn new(data: &PageData) -> PageState {
        // The editor opens with the latest submission's code, so a learner who comes back
        // continues where they stopped.
        let code = data
            .submissions
            .first()
            .map(|s| s.code.clone())
            .unwrap_or_else(|| data.assignment.starter_code.clone());
        PageState {
            assignment_id: data.assignment.id,
            language: StoredValue::new(data.assignment.language.clone()),
            assignments: RwSignal::new(data.assignments.clone()),
            progress: RwSignal::new(data.progress.clone()),
            submissions: RwSignal::new(data.submissions.clone()),
            code: RwSignal::new(code),
            error: RwSignal::new(None),
            connected: RwSignal::new(false),
            submitting: RwSignal::new(false),
        }
    }

    pub(crate) fn current(&self) -> Option<Submission> {
        self.submissions.with(|list| list.first().cloned())
    }

    /// Takes in a submission from a POST answer, a frame or a re-read; returns whether it
    /// just passed (the caller then re-reads points and the list).
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub(crate) fn apply(&self, submission: Submission) -> bool {
        if submission.assignment_id != self.assignment_id {
            return false;
        }
        let passed = submission.status == Status::Passed;
        self.submissions
            .update(|list| upsert_submission(list, submission));
        passed
    }

    /// Points so far and the points of all assignments.
    pub(crate) fn points(&self) -> (i64, i64) {
        let earned = self.progress.with(|p| p.points);
        let total = self
            .assignments
            .with(|list| list.iter().map(|a| i64::from(a.points)).sum());
        (earned, total)
    }
}
