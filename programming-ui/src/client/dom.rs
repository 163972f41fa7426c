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
