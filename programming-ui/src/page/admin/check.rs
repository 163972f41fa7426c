//! What a grader found for code against a draft's tests (a saved reference's check, or
//! "try it"): the outcome, then every test with its real name and message, then the
//! feedback. Teachers see everything; visibility applies to learners only.

use leptos::prelude::*;
use wire::admin::CheckResult;

use crate::model::authoring::{check_headline, test_message};

#[component]
pub(super) fn CheckView(check: CheckResult, testid: &'static str) -> impl IntoView {
    let status = check.status.as_str();
    let headline = check_headline(&check);
    let feedback = Some(check.feedback).filter(|f| !f.trim().is_empty());
    view! {
        <div class="check" data-testid=testid data-status=status>
            <p class=format!("status status-{status}") data-testid="check-status">
                <span class="status-icon" aria-hidden="true"></span>
                {headline}
            </p>
            <ul class="tests">
                {check
                    .tests
                    .into_iter()
                    .map(|test| {
                        let message = test_message(&test).map(str::to_owned);
                        let name = test.name.clone();
                        view! {
                            <li
                                class="test"
                                class:pass=test.passed
                                data-testid="check-test"
                                data-name=name
                                data-passed=test.passed.to_string()
                            >
                                <span class="test-badge">
                                    {if test.passed { "PASS" } else { "FAIL" }}
                                </span>
                                <span class="test-name">{test.name}</span>
                                {message.map(|m| view! { <pre class="test-message">{m}</pre> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            {feedback.map(|feedback| view! {
                <div class="feedback">
                    <h3>"Feedback"</h3>
                    <pre>{feedback}</pre>
                </div>
            })}
        </div>
    }
}
