//! Small helpers on the document.

/// `document.body.dataset.hydrated = "true"`, which the browser tests wait for.
pub(crate) fn mark_hydrated() {
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.dataset().set("hydrated", "true");
    }
}

/// A full page load of `path`: every page is rendered on the server with its data.
pub(crate) fn go_to(path: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(path);
    }
}

/// Moves the keyboard focus to the element `id` once the page's pending updates are
/// drawn (they run after the current task), if it exists then.
pub(crate) fn focus_when_drawn(id: String) {
    leptos::prelude::set_timeout(move || focus(&id), std::time::Duration::ZERO);
}

/// Moves the keyboard focus to the element `id`, if it exists.
fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

/// Scrolls the element `id` into view, if it exists.
pub(crate) fn scroll_into_view(id: &str) {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        element.scroll_into_view();
    }
}

/// Has the browser ask before the page is left (closed, reloaded, navigated away)
/// while `unsaved()` says the page holds work that is not saved.
pub(crate) fn confirm_leaving_while(unsaved: impl Fn() -> bool + 'static) {
    use wasm_bindgen::prelude::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let handler = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
        if unsaved() {
            event.prevent_default();
        }
    });
    window.set_onbeforeunload(Some(handler.as_ref().unchecked_ref()));
    // It guards the page for as long as the page lives.
    handler.forget();
}

/// Leaves the page at once from now on (after the work was saved or archived).
pub(crate) fn stop_confirming_leaving() {
    if let Some(window) = web_sys::window() {
        window.set_onbeforeunload(None);
    }
}
