//! The teacher's pages: sign-in (`/admin/login`), the course's assignments (`/admin`),
//! the editor of one (`/admin/assignments/new`, `/admin/assignments/:id`), the live
//! dashboard (`/admin/dashboard`) and every learner's submissions (`/admin/submissions`,
//! `/admin/submissions/:id`). Like the learner's page, each is rendered on the server
//! with its data (read with the teacher's cookie) and hydrated; a browser without an
//! admin session is sent to sign in.

mod board;
mod cases;
mod check;
mod dashboard;
mod edit;
mod feed;
mod form;
mod header;
mod list;
#[cfg(feature = "hydrate")]
mod live;
mod load;
mod login;
mod submission;
mod submissions;
mod try_it;
mod visibility;

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use wire::admin::AdminAssignment;

pub(crate) use login::AdminLogin;

use super::hydrated::mark_hydrated;
use super::notice::{LoadFailed, NotFound};
use crate::model::authoring::SIGN_IN_PATH;
use crate::model::submissions::SubmissionsQuery;
use crate::model::ApiError;
use header::{AdminHeader, Section};
use load::load;

/// `/admin`: every assignment in course order.
#[component]
pub(crate) fn AdminList() -> impl IntoView {
    let data = Resource::new(
        || (),
        load!(
            |api, cookie, (): ()| api.admin_assignments(&cookie).await,
            |()| crate::client::admin::list().await
        ),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) => view! { <list::AssignmentTable list /> }.into_any(),
                    Err(err) => failed(err),
                }
            })}
        </Suspense>
    }
}

/// `/admin/assignments/:id`, where `:id` is `new` for a new assignment.
#[component]
pub(crate) fn AdminEdit() -> impl IntoView {
    let params = use_params_map();
    // `None`: no such page; `Some(None)`: a new assignment.
    let id = move || -> Option<Option<i64>> {
        params.with(|map| match map.get_str("id") {
            Some("new") => Some(None),
            Some(raw) => raw.parse::<i64>().ok().map(Some),
            None => None,
        })
    };
    let data = Resource::new(
        id,
        load!(
            |api, cookie, source: Option<Option<i64>>| api
                .admin_edit(source.ok_or_else(not_found)?, &cookie)
                .await,
            |source| crate::client::admin::load_edit(source.ok_or_else(not_found)?).await
        ),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <edit::EditPage data /> }.into_any(),
                    Err(err) => failed(err),
                }
            })}
        </Suspense>
    }
}

/// `/admin/dashboard`: the queue, the graders and the assignments, live.
#[component]
pub(crate) fn AdminDashboard() -> impl IntoView {
    let data = Resource::new(
        || (),
        load!(
            |api, cookie, (): ()| api.admin_dashboard(&cookie).await,
            |()| crate::client::admin::dashboard().await
        ),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <dashboard::DashboardPage data /> }.into_any(),
                    Err(err) => failed(err),
                }
            })}
        </Suspense>
    }
}

/// `/admin/submissions?status=&assignment_id=&user_id=&page=&per_page=`.
#[component]
pub(crate) fn AdminSubmissions() -> impl IntoView {
    let address = use_query_map();
    let query = move || address.with(|map| SubmissionsQuery::from_address(|key| map.get(key)));
    let data = Resource::new(
        query,
        load!(
            |api, cookie, query: SubmissionsQuery| api.admin_submissions(&query, &cookie).await,
            |query| crate::client::admin::load_submissions(&query).await
        ),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => {
                        let query = query();
                        view! { <submissions::SubmissionsPage query data /> }.into_any()
                    }
                    Err(err) => failed(err),
                }
            })}
        </Suspense>
    }
}

/// `/admin/submissions/:id`.
#[component]
pub(crate) fn AdminSubmission() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params.with(|map| {
            map.get_str("id")
                .and_then(|raw| uuid::Uuid::parse_str(raw).ok())
        })
    };
    let data = Resource::new(
        id,
        load!(
            |api, cookie, id: Option<uuid::Uuid>| api
                .admin_submission(id.ok_or_else(not_found)?, &cookie)
                .await,
            |id| crate::client::admin::load_submission(id.ok_or_else(not_found)?).await
        ),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <submission::SubmissionPage data /> }.into_any(),
                    Err(err) => failed(err),
                }
            })}
        </Suspense>
    }
}

fn not_found() -> ApiError {
    ApiError::from_response(404, "")
}

/// A page whose data could not be read: sign in first, not found, or why not.
fn failed(err: ApiError) -> AnyView {
    match err {
        err if err.needs_admin_sign_in() => view! { <SignInFirst /> }.into_any(),
        ApiError::Http { status: 404, .. } => view! { <NotFound /> }.into_any(),
        err => view! { <LoadFailed message=err.user_message() /> }.into_any(),
    }
}

/// Sends the browser to the sign-in page: a redirect from the server, or (for a page
/// whose data the browser read) a new page load.
#[component]
fn SignInFirst() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::SEE_OTHER);
        response.insert_header(
            http::header::LOCATION,
            http::HeaderValue::from_static(SIGN_IN_PATH),
        );
    }
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        crate::client::dom::go_to(SIGN_IN_PATH);
    });
    mark_hydrated();
    view! {
        <main class="notice">
            <p class="brand">"Code Platform"</p>
            <h1>"Sign in first"</h1>
            <p>
                <a class="button button-primary" href=SIGN_IN_PATH rel="external">
                    "Sign in as a teacher"
                </a>
            </p>
        </main>
    }
}

/// The state a teacher reads in the list and on the edit page.
fn state_label(assignment: &AdminAssignment) -> &'static str {
    if assignment.published {
        "published"
    } else {
        "draft"
    }
}
