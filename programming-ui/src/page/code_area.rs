//! A code editor bound to a signal: a plain textarea from the server (so the page works
//! before and without JavaScript), replaced by CodeMirror from `/editor.js` after
//! hydration. The learner's editor and each of the teacher's code fields are one.

use leptos::html;
use leptos::prelude::*;

/// The editor of `value`. `id` is the textarea's (labels point at it, and the browser
/// side finds the editor through it); `on_submit` is what Ctrl/⌘ + Enter does.
#[component]
pub(super) fn CodeArea(
    id: &'static str,
    value: RwSignal<String>,
    testid: &'static str,
    #[prop(default = 16)] rows: u32,
    /// The ids of the hints that describe the field, if any.
    #[prop(optional)]
    described_by: Option<&'static str>,
    /// The editor's name for screen readers, when the page has several.
    #[prop(optional)]
    label: Option<&'static str>,
    /// The code's language (`python` when not given): its highlighting and indentation.
    #[prop(optional, into)]
    language: Option<Signal<String>>,
    #[prop(into)] on_submit: Callback<()>,
) -> impl IntoView {
    let container = NodeRef::<html::Div>::new();
    let initial = value.get_untracked();
    Effect::new(move |mounted: Option<bool>| {
        if mounted == Some(true) {
            return true;
        }
        let Some(element) = container.get() else {
            return false;
        };
        #[cfg(feature = "hydrate")]
        crate::client::editor::mount(
            &element,
            &value.get_untracked(),
            label,
            &language.map_or_else(|| "python".to_owned(), |l| l.get_untracked()),
            move |doc| value.set(doc),
            move || on_submit.run(()),
        );
        let _ = (element, label);
        true
    });
    // A language chosen after the editor is up (a teacher's choice) re-highlights it.
    if let Some(language) = language {
        Effect::new(move |previous: Option<String>| {
            let current = language.get();
            if previous
                .as_ref()
                .is_some_and(|previous| *previous != current)
            {
                #[cfg(feature = "hydrate")]
                crate::client::editor::set_language(id, &current);
            }
            current
        });
    }
    view! {
        <div class="editor" data-testid=testid node_ref=container>
            <textarea
                id=id
                name=id
                rows=rows.to_string()
                spellcheck="false"
                autocomplete="off"
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:keydown=move |ev| {
                    if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                        ev.prevent_default();
                        on_submit.run(());
                    }
                }
            >
                {initial}
            </textarea>
        </div>
    }
}
