//! The teacher's pages: sign-in (`/admin/login`), the course's assignments (`/admin`)
//! and the editor of one (`/admin/assignments/new`, `/admin/assignments/:id`). Like the
//! learner's page, each is rendered on the server with its data (read with the
//! teacher's cookie) and hydrated; a browser without an admin session is sent to
//! sign in.

mod check;
mod edit;
mod form;
mod list;
mod login;
mod try_it;
mod visibility;

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use wire::admin::AdminAssignment;

pub(crate) use login::AdminLogin;

use super::hydrated::mark_hydrated;
use super::notice::{LoadFailed, NotFound};
use crate::model::authoring::{EditData, SIGN_IN_PATH};
use crate::model::ApiError;

/// `/admin`: every assignment in course order.
#[component]
pub(crate) fn AdminList() -> impl IntoView {
    let data = Resource::new(|| (), list_loader());
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
    let id = move || -> EditSource {
        params.with(|map| match map.get_str("id") {
            Some("new") => Some(None),
            Some(raw) => raw.parse::<i64>().ok().map(Some),
            None => None,
        })
    };
    let data = Resource::new(id, edit_loader());
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

/// The bar on top of every teacher's page.
#[component]
fn AdminHeader() -> impl IntoView {
    view! {
        <header class="topbar">
            <a class="brand" href="/admin" rel="external">
                <span class="brand-mark" aria-hidden="true">"{ }"</span>
                "Code Platform"
                <span class="brand-role">"Teacher"</span>
            </a>
            <nav class="topnav" aria-label="Teacher">
                <a href="/admin" rel="external" data-testid="nav-assignments">
                    "Assignments"
                </a>
                <a href="/admin/assignments/new" rel="external" data-testid="nav-new">
                    "New assignment"
                </a>
            </nav>
        </header>
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

type Loaded<T> = Result<T, ApiError>;

/// On the server: the API client and the request's cookie (the teacher's session).
#[cfg(feature = "ssr")]
fn server_session() -> (Loaded<crate::api::ApiClient>, String) {
    let api = use_context::<crate::api::ApiClient>().ok_or(ApiError::Network);
    let cookie = use_context::<http::request::Parts>()
        .and_then(|parts| parts.headers.get(http::header::COOKIE).cloned())
        .and_then(|value| value.to_str().ok().map(str::to_owned))
        .unwrap_or_default();
    (api, cookie)
}

#[cfg(feature = "ssr")]
type Loading<T> = Pin<Box<dyn Future<Output = Loaded<T>> + Send>>;

#[cfg(not(feature = "ssr"))]
type Loading<T> = send_wrapper::SendWrapper<Pin<Box<dyn Future<Output = Loaded<T>>>>>;

#[cfg(feature = "ssr")]
fn list_loader() -> impl Fn(()) -> Loading<Vec<AdminAssignment>> + Send + Sync + 'static {
    let (api, cookie) = server_session();
    move |()| {
        let (api, cookie) = (api.clone(), cookie.clone());
        Box::pin(async move { api?.admin_assignments(&cookie).await })
    }
}

/// In the browser the data normally comes with the page; this only runs if it did not.
#[cfg(not(feature = "ssr"))]
fn list_loader() -> impl Fn(()) -> Loading<Vec<AdminAssignment>> + Send + Sync + 'static {
    move |()| send_wrapper::SendWrapper::new(Box::pin(crate::client::admin::list()))
}

/// `None`: no such page; `Some(None)`: a new assignment.
type EditSource = Option<Option<i64>>;

#[cfg(feature = "ssr")]
fn edit_loader() -> impl Fn(EditSource) -> Loading<EditData> + Send + Sync + 'static {
    let (api, cookie) = server_session();
    move |source| {
        let (api, cookie) = (api.clone(), cookie.clone());
        Box::pin(async move {
            let id = source.ok_or_else(|| ApiError::from_response(404, ""))?;
            api?.admin_edit(id, &cookie).await
        })
    }
}

#[cfg(not(feature = "ssr"))]
fn edit_loader() -> impl Fn(EditSource) -> Loading<EditData> + Send + Sync + 'static {
    move |source: EditSource| {
        send_wrapper::SendWrapper::new(Box::pin(async move {
            let id = source.ok_or_else(|| ApiError::from_response(404, ""))?;
            crate::client::admin::load_edit(id).await
        })
            as Pin<Box<dyn Future<Output = Loaded<EditData>>>>)
    }
}
