//! The application: the HTML shell, the routes and the pages that are not an assignment.

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_meta::MetaTags;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::page::AssignmentPage;

/// The whole document, rendered on the server around [`App`].
#[cfg(feature = "ssr")]
pub(crate) fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="stylesheet" href="/style.css" />
                // The editor bundle defines window.cpEditor; deferred scripts and the
                // hydration module run in document order, so it exists before hydration.
                <script src="/editor.js" defer></script>
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The routed application; `hydrate()` mounts this on the server-rendered body.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="Code Platform" />
        <Router>
            <Routes fallback=|| view! { <NotFound /> }>
                // Async: the whole page, data included, is rendered before the first byte,
                // so a 404 status or a new session cookie can still be set.
                <Route path=path!("/assignments/:id") view=AssignmentPage ssr=SsrMode::Async />
            </Routes>
        </Router>
    }
}

/// Unknown pages and unknown assignments.
#[component]
pub(crate) fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    mark_hydrated();
    view! {
        <main class="notice">
            <p class="brand">"Code Platform"</p>
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. It may have moved, or the link is mistyped."</p>
            <p>
                <a class="button" href="/" rel="external">
                    "Continue where you left off"
                </a>
            </p>
        </main>
    }
}

/// A page whose data could not be read: say why instead of showing nothing.
#[component]
pub(crate) fn LoadFailed(message: String) -> impl IntoView {
    mark_hydrated();
    view! {
        <main class="notice">
            <p class="brand">"Code Platform"</p>
            <h1>"This page could not be loaded"</h1>
            <p class="banner banner-error" data-testid="error" role="alert">
                {message}
            </p>
            <p>
                <a class="button" href="" rel="external">
                    "Try again"
                </a>
            </p>
        </main>
    }
}

/// Tells the browser tests (`body[data-hydrated]`) that the page is interactive. It runs
/// in an effect, which only runs in the browser and only after hydration.
pub(crate) fn mark_hydrated() {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        crate::client::dom::mark_hydrated();
    });
}
