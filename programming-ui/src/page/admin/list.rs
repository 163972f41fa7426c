//! `/admin`: every assignment in course order with its state, a way to move each one up
//! or down, to regrade every learner's latest submission of it, and links to edit them
//! or make a new one.

use leptos::prelude::*;
use wire::admin::AdminAssignment;

use super::{mark_hydrated, state_label, AdminHeader, Section};

#[component]
pub(super) fn AssignmentTable(list: Vec<AdminAssignment>) -> impl IntoView {
    let assignments = RwSignal::new(list);
    // The assignment being moved: one move at a time, as each one grades a reference.
    let moving = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    // The assignment whose regrade waits for the teacher's yes, and what the last one
    // queued.
    let confirming = RwSignal::new(None::<(i64, String)>);
    let regraded = RwSignal::new(None::<String>);
    let regrade = move || {
        #[cfg(feature = "hydrate")]
        regrade_all(confirming, regraded, error);
    };
    let move_one = move |index: usize, up: bool| {
        if moving.get_untracked().is_some() {
            return;
        }
        #[cfg(feature = "hydrate")]
        move_assignment(assignments, moving, error, index, up);
        let _ = (index, up);
    };
    mark_hydrated();
    view! {
        <AdminHeader here=Section::Assignments />
        <main class="admin-page">
            <div class="page-head">
                <h1>"Assignments"</h1>
                <div class="actions-group">
                    // The course as folders (README, "Courses as folders").
                    <a
                        class="button"
                        href="/api/admin/assignments/export"
                        download="course.tar.gz"
                        rel="external"
                        data-testid="export"
                    >
                        "Download the course"
                    </a>
                    <a
                        class="button button-primary"
                        href="/admin/assignments/new"
                        rel="external"
                        data-testid="new-assignment"
                    >
                        "New assignment"
                    </a>
                </div>
            </div>
            <p class="muted">
                "Learners see published assignments in this order. Moving one checks its reference solution again, which takes a moment."
            </p>
            <p class="progress-note" role="status" data-testid="list-status">
                {move || moving.get().map(|title| format!("Moving “{title}”…"))}
            </p>
            <p class="form-ok" role="status" data-testid="regrade-status">
                {move || regraded.get()}
            </p>
            {move || confirming.get().map(|(_, title)| view! {
                <div class="card confirm" role="alertdialog" aria-labelledby="regrade-text" data-testid="regrade-confirm">
                    <p id="regrade-text">
                        {format!("Regrade every learner's latest submission of “{title}”? They wait behind learners' new submissions.")}
                    </p>
                    <div class="actions-group">
                        <button type="button" class="button button-primary" data-testid="regrade-yes" on:click=move |_| regrade()>
                            "Regrade all"
                        </button>
                        <button type="button" class="button" id="regrade-no" data-testid="regrade-no" on:click=move |_| confirming.set(None)>
                            "Cancel"
                        </button>
                    </div>
                </div>
            })}
            <Show when=move || error.with(Option::is_some)>
                <p class="form-error" role="alert" data-testid="list-error">
                    {move || error.get().unwrap_or_default()}
                </p>
            </Show>
            <div class="card table-card">
                <table class="admin-table" data-testid="admin-list">
                    <caption class="visually-hidden">"Assignments in course order"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"#"</th>
                            <th scope="col">"Title"</th>
                            <th scope="col">"State"</th>
                            <th scope="col">"Points"</th>
                            <th scope="col">
                                <span class="visually-hidden">"Actions"</span>
                            </th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let list = assignments.get();
                            let last = list.len().saturating_sub(1);
                            list.into_iter()
                                .enumerate()
                                .map(|(index, assignment)| {
                                    view! {
                                        <Row
                                            assignment
                                            first=index == 0
                                            last=index == last
                                            busy=moving
                                            on_move=move |up: bool| move_one(index, up)
                                            on_regrade=move |(id, title): (i64, String)| {
                                                regraded.set(None);
                                                confirming.set(Some((id, title)));
                                                // The safe choice first, for keyboard users.
                                                #[cfg(feature = "hydrate")]
                                                crate::client::dom::focus_when_drawn("regrade-no".to_owned());
                                            }
                                        />
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </main>
    }
}

#[component]
fn Row(
    assignment: AdminAssignment,
    first: bool,
    last: bool,
    busy: RwSignal<Option<String>>,
    #[prop(into)] on_move: Callback<(bool,)>,
    #[prop(into)] on_regrade: Callback<((i64, String),)>,
) -> impl IntoView {
    let id = assignment.id;
    let state = state_label(&assignment);
    let title = assignment.title.clone();
    let edit = format!("/admin/assignments/{id}");
    let up_label = format!("Move “{title}” up");
    let down_label = format!("Move “{title}” down");
    let regrade_label = format!("Regrade every latest submission of “{title}”");
    view! {
        <tr data-testid="admin-row" data-id=id.to_string() data-state=state>
            <td class="order">{assignment.order}</td>
            <td>
                <a href=edit rel="external" data-testid="edit-link">
                    {assignment.title}
                </a>
            </td>
            <td>
                <span class=format!("pill state-{state}") data-testid="state">
                    {state}
                </span>
            </td>
            <td>{assignment.points}</td>
            <td class="row-actions">
                <button
                    type="button"
                    class="button button-small"
                    id=format!("move-up-{id}")
                    data-testid="move-up"
                    aria-label=up_label
                    disabled=move || first || busy.with(Option::is_some)
                    on:click=move |_| on_move.run((true,))
                >
                    "↑"
                </button>
                <button
                    type="button"
                    class="button button-small"
                    id=format!("move-down-{id}")
                    data-testid="move-down"
                    aria-label=down_label
                    disabled=move || last || busy.with(Option::is_some)
                    on:click=move |_| on_move.run((false,))
                >
                    "↓"
                </button>
                <button
                    type="button"
                    class="button button-small"
                    data-testid="regrade-all"
                    aria-label=regrade_label
                    on:click=move |_| on_regrade.run(((id, title.clone()),))
                >
                    "Regrade all…"
                </button>
            </td>
        </tr>
    }
}

/// Saves the assignment at `index` with its neighbour's position (the API shifts the
/// others), then reads the list again; the focus stays on the button that moved it.
#[cfg(feature = "hydrate")]
fn move_assignment(
    assignments: RwSignal<Vec<AdminAssignment>>,
    moving: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
    index: usize,
    up: bool,
) {
    use crate::client::{admin, dom};
    use crate::model::authoring::{draft_of, move_target};

    let list = assignments.get_untracked();
    let (Some(order), Some(assignment)) = (move_target(&list, index, up), list.get(index)) else {
        return;
    };
    let mut draft = draft_of(assignment);
    draft.order = Some(order);
    let id = assignment.id;
    moving.set(Some(assignment.title.clone()));
    error.set(None);
    leptos::task::spawn_local(async move {
        let moved = match admin::guarded(admin::save(Some(id), &draft).await) {
            Ok(_) => admin::list().await,
            Err(err) => Err(err),
        };
        match moved {
            Ok(list) => assignments.set(list),
            Err(err) => error.set(Some(format!("Not moved: {}", err.user_message()))),
        }
        moving.set(None);
        let direction = if up { "up" } else { "down" };
        dom::focus_when_drawn(format!("move-{direction}-{id}"));
    });
}

/// Regrades every latest submission of the assignment the teacher said yes to, and says
/// how many went in line.
#[cfg(feature = "hydrate")]
fn regrade_all(
    confirming: RwSignal<Option<(i64, String)>>,
    regraded: RwSignal<Option<String>>,
    error: RwSignal<Option<String>>,
) {
    let Some((id, title)) = confirming.get_untracked() else {
        return;
    };
    confirming.set(None);
    error.set(None);
    leptos::task::spawn_local(async move {
        match crate::client::admin::regrade_all(id).await {
            Ok(queued) => regraded.set(Some(format!("“{title}”: {queued} queued"))),
            Err(err) => error.set(Some(format!("Not regraded: {}", err.user_message()))),
        }
    });
}
