//! The learner's code editor (a [`CodeArea`]) with its submit button.

use leptos::prelude::*;

use super::code_area::CodeArea;
use super::hydrated::mark_hydrated;
use crate::state::{PageState, CODE_TEXTAREA_ID};

#[component]
pub(super) fn Editor(state: PageState) -> impl IntoView {
    // What the button, the textarea's and the editor's Ctrl/⌘ + Enter do.
    let submit = move || {
        #[cfg(feature = "hydrate")]
        crate::client::actions::submit(state);
    };
    let area = view! {
        <CodeArea id=CODE_TEXTAREA_ID value=state.code testid="editor" language=Signal::stored(state.language.get_value()) on_submit=submit />
    };
    // Created after the editor's mount effect, so tests see "hydrated" only once the
    // editor is up.
    mark_hydrated();
    view! {
        <div class="card editor-card">
            <div class="editor-head">
                <label class="card-title" for=CODE_TEXTAREA_ID>
                    "Your code"
                </label>
                <span class="hint">"Ctrl/⌘ + Enter submits"</span>
            </div>
            {area}
            <div class="actions">
                <button
                    type="button"
                    class="button button-primary"
                    data-testid="submit"
                    disabled=move || state.submitting.get()
                    on:click=move |_| submit()
                >
                    {move || if state.submitting.get() { "Submitting…" } else { "Submit" }}
                </button>
            </div>
        </div>
    }
}
