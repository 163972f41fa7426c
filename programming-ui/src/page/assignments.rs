//! The list of assignments with their solved marks.

use leptos::prelude::*;

use crate::state::PageState;

#[component]
pub(super) fn AssignmentList(state: PageState) -> impl IntoView {
    let current = state.assignment_id;
    view! {
        <nav class="card assignments" aria-label="Assignments">
            <h2 class="card-title">"Assignments"</h2>
            <ol data-testid="assignment-list">
                <For
                    each=move || state.assignments.get()
                    key=|a| (a.id, a.completed)
                    children=move |a| {
                        let here = a.id == current;
                        view! {
                            <li>
                                // A full page load: each page is rendered on the server
                                // with its handout and history.
                                <a
                                    href=format!("/assignments/{}", a.id)
                                    rel="external"
                                    data-testid="assignment-link"
                                    data-completed=a.completed.to_string()
                                    aria-current=here.then_some("page")
                                    class:current=here
                                    class:done=a.completed
                                >
                                    <span class="mark" aria-hidden="true">
                                        {if a.completed { "✓" } else { "○" }}
                                    </span>
                                    <span class="name">{a.title}</span>
                                    <span class="meta">
                                        {if a.completed { "solved" } else { "" }} " "
                                        {format!("{} pts", a.points)}
                                    </span>
                                </a>
                            </li>
                        }
                    }
                />
            </ol>
        </nav>
    }
}
