//! The learner's earlier submissions for this assignment, newest first, each of which
//! can be reopened in the editor.

use leptos::prelude::*;

use wire::Submission;

use crate::model::{created_label, verdict_label};
use crate::state::PageState;

#[component]
pub(super) fn History(state: PageState) -> impl IntoView {
    view! {
        <section class="card history" aria-labelledby="history-title">
            <h2 class="card-title" id="history-title">
                "Your submissions"
            </h2>
            <Show
                when=move || state.submissions.with(|list| !list.is_empty())
                fallback=|| view! { <p class="muted">"Nothing submitted yet."</p> }
            >
                <ol data-testid="history">
                    <For
                        each=move || state.submissions.get()
                        key=|s| (s.id, s.status)
                        children=move |submission| view! { <Item state submission /> }
                    />
                </ol>
            </Show>
        </section>
    }
}

#[component]
fn Item(state: PageState, submission: Submission) -> impl IntoView {
    let status = submission.status;
    let code = submission.code.clone();
    let reopen = move |_| {
        state.code.set(code.clone());
        #[cfg(feature = "hydrate")]
        crate::client::editor::set_value(crate::state::CODE_TEXTAREA_ID, &code);
    };
    let verdict = submission.verdict.map(verdict_label);
    let created = created_label(&submission);
    view! {
        <li class="history-item" data-testid="history-item" data-status=status.as_str()>
            <div class="history-head">
                <span class=format!("pill status-{}", status.as_str())>{status.as_str()}</span>
                <time datetime=submission.created_at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)>{created}</time>
                <button type="button" class="button button-small" data-testid="reopen" on:click=reopen>
                    "Open in editor"
                </button>
            </div>
            {verdict.map(|v| view! { <p class="verdict">{v}</p> })}
            {submission.feedback.filter(|f| !f.trim().is_empty()).map(|f| view! {
                <details>
                    <summary>"Feedback"</summary>
                    <pre>{f}</pre>
                </details>
            })}
        </li>
    }
}
