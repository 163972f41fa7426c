//! The dashboard's feed: the latest submissions as their frames arrive, newest first,
//! each linking to its page.

use leptos::prelude::*;
use wire::stats::Stats;
use wire::Submission;

use crate::model::submissions::{outcome_text, short_id, tests_passed};

#[component]
pub(super) fn Feed(feed: RwSignal<Vec<Submission>>, stats: RwSignal<Stats>) -> impl IntoView {
    // Titles come with the stats, which name every assignment that is not archived.
    let title = move |id: i64| {
        stats.with(|s| {
            s.assignments
                .iter()
                .find(|a| a.id == id)
                .map_or_else(|| format!("Assignment {id}"), |a| a.title.clone())
        })
    };
    view! {
        <section class="card" aria-labelledby="feed-title">
            <h2 class="card-title" id="feed-title">"Latest submissions"</h2>
            <Show
                when=move || feed.with(|feed| !feed.is_empty())
                fallback=|| view! {
                    <p class="muted" data-testid="feed-empty">
                        "Submissions appear here as learners make them. "
                        <a href="/admin/submissions" rel="external">"All submissions"</a>
                    </p>
                }
            >
                <table class="admin-table feed" data-testid="feed">
                    <thead>
                        <tr>
                            <th scope="col">"Time (UTC)"</th>
                            <th scope="col">"Learner"</th>
                            <th scope="col">"Assignment"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Tests"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || feed.get()
                            key=|s| (s.id, s.status, s.tests.len())
                            children=move |submission| {
                                let title = title(submission.assignment_id);
                                view! { <Row submission title /> }
                            }
                        />
                    </tbody>
                </table>
            </Show>
        </section>
    }
}

#[component]
fn Row(submission: Submission, title: String) -> impl IntoView {
    let status = submission.status.as_str();
    let href = format!("/admin/submissions/{}", submission.id);
    let at = submission
        .graded_at
        .unwrap_or(submission.created_at)
        .format("%H:%M:%S")
        .to_string();
    view! {
        <tr data-testid="feed-row" data-id=submission.id.to_string() data-status=status>
            <td>
                <a href=href rel="external">{at}</a>
            </td>
            <td class="mono" title=submission.user_id.to_string()>{short_id(submission.user_id)}</td>
            <td>{title}</td>
            <td>
                <span class=format!("pill status-{status}")>{outcome_text(&submission)}</span>
            </td>
            <td>{tests_passed(&submission)}</td>
        </tr>
    }
}
