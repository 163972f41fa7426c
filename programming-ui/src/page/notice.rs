//! The pages that are not an assignment: unknown pages and pages whose data could not
//! be read.

use leptos::prelude::*;

use super::hydrated::mark_hydrated;

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
pub(super) fn LoadFailed(message: String) -> impl IntoView {
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
