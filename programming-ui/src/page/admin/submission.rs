//! `/admin/submissions/:id`: one submission as the teacher sees it (every test by its
//! real name), its code, timings and learner, and a way to grade it again; the page
//! follows its live frames through the queue to the new verdict.

use leptos::prelude::*;
use wire::Submission;

use super::header::{AdminHeader, Section};
use super::mark_hydrated;
use crate::model::dashboard::duration_text;
use crate::model::submissions::{failure, short_id, time_text, waited_ms, SubmissionData};
use crate::model::{place_in_line, status_label};
use crate::page::results::TestList;

#[component]
pub(super) fn SubmissionPage(data: SubmissionData) -> impl IntoView {
    let SubmissionData {
        submission,
        assignment_title,
    } = data;
    let id = submission.id;
    let assignment_id = submission.assignment_id;
    // A list of one, so it follows its frames as the list's rows do.
    let shown = RwSignal::new(vec![submission]);
    let connected = RwSignal::new(false);
    let regrading = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    #[cfg(feature = "hydrate")]
    super::live::watch_rows(shown, connected, move || {
        leptos::task::spawn_local(async move {
            if let Ok(now) = crate::client::admin::submission(id).await {
                super::live::apply(shown, now);
            }
        });
    });
    let current = move || shown.with(|list| list[0].clone());
    let regrade = move |_| {
        #[cfg(feature = "hydrate")]
        regrade_now(id, shown, regrading, error);
        let _ = id;
    };
    let learner = current().user_id;
    let edit = format!("/admin/assignments/{assignment_id}");
    let theirs = format!("/admin/submissions?user_id={learner}");
    mark_hydrated();
    view! {
        <AdminHeader here=Section::Submissions live=connected />
        <main class="admin-page submission-page">
            <div class="page-head">
                <div>
                    <p class="eyebrow">
                        <a href="/admin/submissions" rel="external">"← All submissions"</a>
                    </p>
                    <h1 data-testid="submission-heading">
                        {format!("{assignment_title} · {}", short_id(learner))}
                    </h1>
                </div>
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="regrade"
                    disabled=move || regrading.get() || !shown.with(|list| list[0].status.is_final())
                    on:click=regrade
                >
                    {move || if regrading.get() { "Sending…" } else { "Regrade" }}
                </button>
            </div>
            <p class="form-error" role="alert" data-testid="regrade-error">{move || error.get()}</p>
            <section class="card" aria-labelledby="outcome-title" aria-live="polite">
                <h2 class="card-title" id="outcome-title">"Result"</h2>
                {move || view! { <Outcome submission=current() /> }}
            </section>
            <section class="card" aria-labelledby="facts-title">
                <h2 class="card-title" id="facts-title">"Details"</h2>
                <dl class="facts">
                    <dt>"Learner"</dt>
                    <dd class="mono" data-testid="learner">
                        <a href=theirs rel="external">{learner.to_string()}</a>
                    </dd>
                    <dt>"Assignment"</dt>
                    <dd><a href=edit rel="external">{assignment_title.clone()}</a></dd>
                    <dt>"Submitted"</dt>
                    <dd>{move || time_text(current().created_at)}</dd>
                    <dt>"Graded"</dt>
                    <dd data-testid="graded-at">{move || current().graded_at.map_or_else(|| "–".to_owned(), time_text)}</dd>
                    <dt>"Run"</dt>
                    <dd data-testid="duration">{move || duration_text(current().duration_ms)}</dd>
                    <dt>"Waited for a grader"</dt>
                    <dd data-testid="waited">{move || duration_text(waited_ms(&current()))}</dd>
                </dl>
            </section>
            <section class="card" aria-labelledby="code-title">
                <h2 class="card-title" id="code-title">"Code"</h2>
                <pre class="code-view" data-testid="code"><code>{move || current().code}</code></pre>
            </section>
        </main>
    }
}

/// The status (while queued, its place in line), every test and the feedback.
#[component]
fn Outcome(submission: Submission) -> impl IntoView {
    let status = submission.status.as_str();
    let place = submission
        .queue_position
        .filter(|_| submission.status == wire::Status::Queued)
        .map(|position| place_in_line(position, submission.eta_ms));
    view! {
        <p class=format!("status status-{status}") data-testid="status" data-status=status>
            <span class="status-icon" aria-hidden="true"></span>
            {status_label(submission.status)}
            {failure(&submission).map(|why| view! { <span class="verdict">{format!(" · {why}")}</span> })}
        </p>
        {place.map(|place| view! { <p class="queue-place" data-testid="queue-place">{place}</p> })}
        <TestList tests=submission.tests />
        {submission.feedback.filter(|f| !f.trim().is_empty()).map(|feedback| view! {
            <div class="feedback" data-testid="feedback">
                <h3>"Feedback"</h3>
                <pre>{feedback}</pre>
            </div>
        })}
    }
}

/// Sends the submission back to the queue; its frames then bring the new verdict.
#[cfg(feature = "hydrate")]
fn regrade_now(
    id: uuid::Uuid,
    shown: RwSignal<Vec<Submission>>,
    regrading: RwSignal<bool>,
    error: RwSignal<Option<String>>,
) {
    if regrading.get_untracked() {
        return;
    }
    regrading.set(true);
    error.set(None);
    leptos::task::spawn_local(async move {
        match crate::client::admin::regrade(id).await {
            Ok(queued) => super::live::apply(shown, queued),
            Err(err) => error.set(Some(format!("Not regraded: {}", err.user_message()))),
        }
        regrading.set(false);
    });
}
