//! `/admin/submissions`: every learner's submissions, newest first, filtered by status,
//! assignment and learner, a page at a time. The filters are a plain form that loads the
//! page with them in its address (so a reload or a link keeps them, with or without
//! JavaScript); the CSV download takes the same filters. The rows shown follow their
//! live frames.

use leptos::prelude::*;
use wire::{Status, Submission};

use super::header::{AdminHeader, Section};
use super::mark_hydrated;
use crate::model::submissions::{
    outcome_text, short_id, tests_passed, time_text, title_of, SubmissionsData, SubmissionsQuery,
};

#[component]
pub(super) fn SubmissionsPage(query: SubmissionsQuery, data: SubmissionsData) -> impl IntoView {
    let SubmissionsData {
        assignments,
        listing,
    } = data;
    let refused = query.learner().err();
    let (total, page_count) = listing.as_ref().map_or((0, 1), |listing| {
        let pages = (listing.total + listing.per_page - 1) / listing.per_page.max(1);
        (listing.total, pages.max(1))
    });
    let rows = RwSignal::new(listing.map(|l| l.submissions).unwrap_or_default());
    let connected = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let query = query.clone();
        super::live::watch_rows(rows, connected, move || {
            let query = query.clone();
            leptos::task::spawn_local(async move {
                if let Ok(page) = crate::client::admin::submissions(&query).await {
                    rows.set(page.submissions);
                }
            });
        });
    }
    let titles = StoredValue::new(assignments.clone());
    let page = query.page;
    let previous = (page > 1).then(|| query.page_path(page - 1));
    let next = (page < page_count).then(|| query.page_path(page + 1));
    mark_hydrated();
    view! {
        <AdminHeader here=Section::Submissions live=connected />
        <main class="admin-page">
            <div class="page-head">
                <h1>"Submissions"</h1>
                <a class="button" href=query.csv_path() download="submissions.csv" rel="external" data-testid="csv">
                    "Download CSV"
                </a>
            </div>
            <Filters query=query.clone() assignments refused=refused.clone() />
            <div class="card table-card">
                <table class="admin-table" data-testid="submissions">
                    <caption class="visually-hidden">"Submissions, newest first"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Submitted (UTC)"</th>
                            <th scope="col">"Learner"</th>
                            <th scope="col">"Assignment"</th>
                            <th scope="col">"Status"</th>
                            <th scope="col">"Tests"</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For
                            each=move || rows.get()
                            key=|s| (s.id, s.status, s.tests.len())
                            children=move |submission| {
                                let title = titles.with_value(|t| title_of(t, submission.assignment_id));
                                view! { <Row submission title /> }
                            }
                        />
                    </tbody>
                </table>
                {(total == 0 && refused.is_none()).then(|| view! {
                    <p class="muted empty" data-testid="no-submissions">"No submission matches these filters."</p>
                })}
            </div>
            <nav class="pager" aria-label="Pages">
                {previous.map(|href| view! {
                    <a class="button button-small" href=href rel="external" data-testid="page-previous">"← Newer"</a>
                })}
                <span data-testid="page-info">
                    {format!("Page {page} of {page_count} · {total} submissions")}
                </span>
                {next.map(|href| view! {
                    <a class="button button-small" href=href rel="external" data-testid="page-next">"Older →"</a>
                })}
            </nav>
        </main>
    }
}

/// The filters, as a form the browser sends as the page's new address.
#[component]
fn Filters(
    query: SubmissionsQuery,
    assignments: Vec<(i64, String)>,
    refused: Option<String>,
) -> impl IntoView {
    let status = query.status;
    let chosen = query.assignment_id;
    let invalid = refused.is_some().then_some("true");
    view! {
        <form class="card filters" method="get" action="/admin/submissions" data-testid="filters">
            <div class="field">
                <label for="filter-status">"Status"</label>
                <select id="filter-status" name="status" data-testid="filter-status">
                    <option value="" selected=status.is_none()>"Any"</option>
                    {Status::ALL
                        .into_iter()
                        .map(|s| view! {
                            <option value=s.as_str() selected=status == Some(s)>{s.as_str()}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-assignment">"Assignment"</label>
                <select id="filter-assignment" name="assignment_id" data-testid="filter-assignment">
                    <option value="" selected=chosen.is_none()>"Any"</option>
                    {assignments
                        .into_iter()
                        .map(|(id, title)| view! {
                            <option value=id.to_string() selected=chosen == Some(id)>{title}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-learner">"Learner id"</label>
                <input
                    id="filter-learner"
                    name="user_id"
                    type="text"
                    value=query.user_id
                    spellcheck="false"
                    autocomplete="off"
                    aria-invalid=invalid
                    aria-describedby="filter-learner-error"
                    data-testid="filter-learner"
                />
                <p class="field-error" id="filter-learner-error" data-testid="filter-error">{refused}</p>
            </div>
            <input type="hidden" name="per_page" value=query.per_page.to_string() />
            <div class="filter-actions">
                <button type="submit" class="button button-primary" data-testid="filter-apply">"Show"</button>
                <a class="button" href="/admin/submissions" rel="external" data-testid="filter-clear">"Clear"</a>
            </div>
        </form>
    }
}

#[component]
fn Row(submission: Submission, title: String) -> impl IntoView {
    let status = submission.status.as_str();
    let href = format!("/admin/submissions/{}", submission.id);
    let learner = submission.user_id.to_string();
    let theirs = format!("/admin/submissions?user_id={learner}");
    view! {
        <tr data-testid="submission-row" data-id=submission.id.to_string() data-status=status>
            <td>
                <a href=href rel="external" data-testid="submission-link">{time_text(submission.created_at)}</a>
            </td>
            <td class="mono">
                <a href=theirs rel="external" title=learner>{short_id(submission.user_id)}</a>
            </td>
            <td>{title}</td>
            <td>
                <span class=format!("pill status-{status}") data-testid="row-status">{outcome_text(&submission)}</span>
            </td>
            <td>{tests_passed(&submission)}</td>
        </tr>
    }
}
