//! The application: the HTML shell and the routes.

use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_meta::MetaTags;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use crate::page::{
    AdminDashboard, AdminEdit, AdminList, AdminLogin, AdminSubmission, AdminSubmissions,
    AssignmentPage, NotFound,
};

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
                // The teacher's pages; `/admin/assignments/new` is the editor of a new one.
                <Route path=path!("/admin/login") view=AdminLogin ssr=SsrMode::Async />
                <Route path=path!("/admin") view=AdminList ssr=SsrMode::Async />
                <Route path=path!("/admin/assignments/:id") view=AdminEdit ssr=SsrMode::Async />
                <Route path=path!("/admin/dashboard") view=AdminDashboard ssr=SsrMode::Async />
                <Route path=path!("/admin/submissions") view=AdminSubmissions ssr=SsrMode::Async />
                <Route path=path!("/admin/submissions/:id") view=AdminSubmission ssr=SsrMode::Async />
            </Routes>
        </Router>
    }
}
