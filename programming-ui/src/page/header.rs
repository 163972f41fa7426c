//! The top bar: product name, points with a progress bar, the live-connection indicator,
//! and below it the error banner.

use leptos::prelude::*;

use crate::state::PageState;

#[component]
pub(super) fn Header(state: PageState) -> impl IntoView {
    let solved = move || state.progress.with(|p| p.completed.len());
    let count = move || state.assignments.with(Vec::len);
    let percent = move || {
        let (earned, total) = state.points();
        if total > 0 {
            earned * 100 / total
        } else {
            0
        }
    };
    let connection = move || {
        if state.connected.get() {
            "open"
        } else {
            "closed"
        }
    };
    view! {
        <header class="topbar">
            <a class="brand" href="/" rel="external">
                <span class="brand-mark" aria-hidden="true">"{ }"</span>
                "Code Platform"
            </a>
            <div class="score" aria-label="Your progress">
                <span class="score-text">
                    <strong data-testid="points">
                        {move || {
                            let (earned, total) = state.points();
                            format!("{earned} / {total}")
                        }}
                    </strong>
                    " points · "
                    {move || format!("{} of {} solved", solved(), count())}
                </span>
                <span
                    class="bar"
                    role="progressbar"
                    aria-label="Points earned"
                    aria-valuemin="0"
                    aria-valuemax="100"
                    aria-valuenow=percent
                >
                    <span class="bar-fill" style:width=move || format!("{}%", percent())></span>
                </span>
            </div>
            <span class="connection" data-testid="connection" data-state=connection role="status">
                <span class="dot" aria-hidden="true"></span>
                {move || if state.connected.get() { "Live" } else { "Offline - reconnecting" }}
            </span>
        </header>
        <Show when=move || state.error.with(Option::is_some)>
            <div class="banner banner-error" data-testid="error" role="alert">
                <span>{move || state.error.get().unwrap_or_default()}</span>
                <button
                    type="button"
                    class="banner-close"
                    aria-label="Dismiss the message"
                    on:click=move |_| state.error.set(None)
                >
                    "×"
                </button>
            </div>
        </Show>
    }
}
