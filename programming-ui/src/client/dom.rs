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
