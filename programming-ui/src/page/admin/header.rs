//! The bar on top of every teacher's page: the way between the course, the dashboard
//! and the submissions, and on live pages whether the live connection is open.

use leptos::prelude::*;

/// Which page of the bar the teacher is on.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Section {
    Assignments,
    Dashboard,
    Submissions,
    NewAssignment,
}

const LINKS: [(Section, &str, &str, &str); 4] = [
    (
        Section::Assignments,
        "/admin",
        "nav-assignments",
        "Assignments",
    ),
    (
        Section::Dashboard,
        "/admin/dashboard",
        "nav-dashboard",
        "Dashboard",
    ),
    (
        Section::Submissions,
        "/admin/submissions",
        "nav-submissions",
        "Submissions",
    ),
    (
        Section::NewAssignment,
        "/admin/assignments/new",
        "nav-new",
        "New assignment",
    ),
];

#[component]
pub(super) fn AdminHeader(
    here: Section,
    /// Whether the page's live connection is open, on pages that have one.
    #[prop(optional)]
    live: Option<RwSignal<bool>>,
) -> impl IntoView {
    view! {
        <header class="topbar">
            <a class="brand" href="/admin" rel="external">
                <span class="brand-mark" aria-hidden="true">"{ }"</span>
                "Code Platform"
                <span class="brand-role">"Teacher"</span>
            </a>
            <nav class="topnav" aria-label="Teacher">
                {LINKS
                    .into_iter()
                    .map(|(section, href, testid, text)| {
                        let current = (section == here).then_some("page");
                        view! {
                            <a href=href rel="external" data-testid=testid aria-current=current>
                                {text}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            {live.map(|connected| {
                let state = move || if connected.get() { "open" } else { "closed" };
                view! {
                    <span class="connection" data-testid="connection" data-state=state role="status">
                        <span class="dot" aria-hidden="true"></span>
                        {move || if connected.get() { "Live" } else { "Offline - reconnecting" }}
                    </span>
                }
            })}
        </header>
    }
}
