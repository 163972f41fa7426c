//! The pages. The assignment page: handout on the left, editor and results on the
//! right; it owns its live connection: opened once it is interactive, closed when it
//! goes away. `admin` holds the teacher's pages.

mod admin;
mod assignments;
mod code_area;
mod editor;
mod header;
mod history;
mod hydrated;
mod notice;
mod results;

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

pub(crate) use admin::{
    AdminDashboard, AdminEdit, AdminList, AdminLogin, AdminSubmission, AdminSubmissions,
};
pub(crate) use notice::NotFound;

use crate::model::{ApiError, PageData};
use crate::state::PageState;
use notice::LoadFailed;

#[component]
pub(crate) fn AssignmentPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|raw| raw.parse::<i64>().ok())
    };
    let page = Resource::new(id, loader());
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(data) => view! { <Workspace data /> }.into_any(),
                    Err(ApiError::Http { status: 404, .. }) => view! { <NotFound /> }.into_any(),
                    Err(err) => view! { <LoadFailed message=err.user_message() /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

type PageResult = Result<PageData, ApiError>;

/// On the server: the API with the request's cookie (identity middleware made sure there
/// is one).
#[cfg(feature = "ssr")]
fn loader(
) -> impl Fn(Option<i64>) -> Pin<Box<dyn Future<Output = PageResult> + Send>> + Send + Sync + 'static
{
    let api = use_context::<crate::api::ApiClient>();
    let cookie = use_context::<http::request::Parts>()
        .and_then(|parts| parts.headers.get(http::header::COOKIE).cloned())
        .and_then(|value| value.to_str().ok().map(str::to_owned))
        .unwrap_or_default();
    move |id| {
        let api = api.clone();
        let cookie = cookie.clone();
        Box::pin(async move {
            match (api, id) {
                (Some(api), Some(id)) => api.page(id, &cookie).await,
                (None, _) => Err(ApiError::Network),
                (_, None) => Err(ApiError::from_response(404, "")),
            }
        })
    }
}

/// In the browser the data normally comes with the page; this only runs if it did not.
#[cfg(not(feature = "ssr"))]
fn loader(
) -> impl Fn(Option<i64>) -> send_wrapper::SendWrapper<Pin<Box<dyn Future<Output = PageResult>>>>
       + Send
       + Sync
       + 'static {
    move |id| send_wrapper::SendWrapper::new(Box::pin(crate::client::actions::load_page(id)))
}

/// The page once its data is there.
#[component]
fn Workspace(data: PageData) -> impl IntoView {
    let state = PageState::new(&data);
    #[cfg(feature = "hydrate")]
    crate::client::live::stay_live(state);
    let assignment = data.assignment;
    // Rendered by the server, or by the browser when it read the page itself.
    let handout = data.handout_html;
    view! {
        <header::Header state />
        <main class="layout">
            <article class="card handout-card" aria-labelledby="assignment-title">
                <p class="eyebrow">{format!("{} points", assignment.points)}</p>
                <h1 id="assignment-title" data-testid="assignment-title">
                    {assignment.title}
                </h1>
                <div class="handout" data-testid="handout" inner_html=handout></div>
            </article>
            <section class="column column-work" aria-label="Your solution">
                <editor::Editor state />
                <results::Results state />
                <history::History state />
            </section>
            // Last in the document, so phones show the task first.
            <assignments::AssignmentList state />
        </main>
    }
    .into_any()
}
