//! The result of the latest submission: status (while queued, its place in line),
//! per-test results, feedback, and after a pass the way to the next assignment. The
//! teacher's view of a submission shows its tests the same way ([`TestList`]).

use leptos::prelude::*;

use wire::{Status, Submission, TestResult};

use crate::model::{place_in_line, status_label, test_time, verdict_label};
use crate::state::PageState;

#[component]
pub(super) fn Results(state: PageState) -> impl IntoView {
    view! {
        <section class="card results" aria-labelledby="results-title" aria-live="polite">
            <h2 class="card-title" id="results-title">
                "Result"
            </h2>
            {move || match state.current() {
                None => {
                    view! {
                        <p class="muted">"Submit your code to run the tests."</p>
                    }
                        .into_any()
                }
                Some(submission) => view! { <Outcome state submission /> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Outcome(state: PageState, submission: Submission) -> impl IntoView {
    let status = submission.status;
    let verdict = submission
        .verdict
        .filter(|_| status == Status::Failed)
        .map(verdict_label);
    view! {
        <p class=format!("status status-{}", status.as_str()) data-testid="status" data-status=status.as_str()>
            <span class="status-icon" aria-hidden="true"></span>
            {status_label(status)}
            {verdict.map(|v| view! { <span class="verdict">{format!(" - {v}")}</span> })}
        </p>
        {submission.queue_position.filter(|_| status == Status::Queued).map(|position| view! {
            <p class="queue-place" data-testid="queue-place">
                {place_in_line(position, submission.eta_ms)}
            </p>
        })}
        {(status == Status::Passed).then(|| view! { <Congratulations state /> })}
        <TestList tests=submission.tests />
        {submission.feedback.filter(|f| !f.trim().is_empty()).map(|feedback| view! {
            <div class="feedback" data-testid="feedback">
                <h3>"Feedback"</h3>
                <pre>{feedback}</pre>
            </div>
        })}
    }
}

#[component]
fn Congratulations(state: PageState) -> impl IntoView {
    let next = move || state.progress.with(|p| p.next_assignment_id);
    view! {
        <div class="congrats">
            <p>"Well done - all tests pass!"</p>
            {move || match next() {
                Some(id) => view! {
                    <a class="button button-primary" href=format!("/assignments/{id}") rel="external" data-testid="next-assignment">
                        "Next assignment →"
                    </a>
                }.into_any(),
                None => view! {
                    <p data-testid="next-assignment" class="all-done">"You solved every assignment. 🎉"</p>
                }.into_any(),
            }}
        </div>
    }
}

#[component]
pub(super) fn TestList(tests: Vec<TestResult>) -> impl IntoView {
    (!tests.is_empty()).then(|| view! {
        <ul class="tests">
            {tests.into_iter().map(|test| view! {
                <li class="test" class:pass=test.passed data-testid="test-result" data-passed=test.passed.to_string()>
                    <span class="test-badge">{if test.passed { "PASS" } else { "FAIL" }}</span>
                    <span class="test-name">{test.name}</span>
                    {test.duration_ms.map(|ms| view! { <span class="test-time" data-testid="test-time">{test_time(ms)}</span> })}
                    {test.message.filter(|message| !message.is_empty()).map(|message| view! { <pre class="test-message">{message}</pre> })}
                </li>
            }).collect_view()}
        </ul>
    })
}
