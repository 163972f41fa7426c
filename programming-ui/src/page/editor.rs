//! The code editor: a plain textarea from the server (so the page works before and
//! without JavaScript), replaced by CodeMirror from `/editor.js` after hydration.

use leptos::html;
use leptos::prelude::*;

use super::hydrated::mark_hydrated;
use crate::state::PageState;

#[component]
pub(super) fn Editor(state: PageState) -> impl IntoView {
    let container = NodeRef::<html::Div>::new();
    let initial = state.code.get_untracked();
    // What the button, the textarea's and the editor's Ctrl/⌘ + Enter do.
    let submit = move || {
        #[cfg(feature = "hydrate")]
        crate::client::actions::submit(state);
    };
    Effect::new(move |mounted: Option<bool>| {
        if mounted == Some(true) {
            return true;
        }
        let Some(element) = container.get() else {
            return false;
        };
        #[cfg(feature = "hydrate")]
        crate::client::editor::mount(&element, state, submit);
        let _ = element;
        true
    });
    // Created after the mount effect, so tests see "hydrated" only once the editor is up.
    mark_hydrated();
    view! {
        <div class="card editor-card">
            <div class="editor-head">
                <label class="card-title" for="code">
                    "Your code"
                </label>
                <span class="hint">"Ctrl/⌘ + Enter submits"</span>
            </div>
            <div class="editor" data-testid="editor" node_ref=container>
                <textarea
                    id="code"
                    name="code"
                    rows="16"
                    spellcheck="false"
                    autocomplete="off"
                    prop:value=move || state.code.get()
                    on:input=move |ev| state.code.set(event_target_value(&ev))
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                            ev.prevent_default();
                            submit();
                        }
                    }
                >
                    {initial}
                </textarea>
            </div>
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
