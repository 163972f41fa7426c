//! The bridge to the editor bundle (`/editor.js`):
//! `window.cpEditor.mount(element, { doc, onSubmit, onChange, label, language })` returns a
//! handle with `getValue`, `setValue`, `setLanguage`, `focus` and `destroy`, which the
//! bundle also keeps on the
//! element as `element.cpEditor`. Without the bundle the server-rendered textarea stays
//! and keeps working. A page may hold several editors: each is found through the
//! textarea it replaced, whose parent is the editor's element.

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Replaces the textarea in `element` with CodeMirror holding `doc` in `language`'s
/// highlighting, if the bundle loaded; `label` names it for screen readers (the bundle's
/// default: "Code editor").
/// The editor calls `on_change` with the new text after every edit and `on_submit` on
/// Ctrl/⌘ + Enter; the page decides what those mean.
pub(crate) fn mount(
    element: &web_sys::HtmlDivElement,
    doc: &str,
    label: Option<&str>,
    language: &str,
    on_change: impl Fn(String) + 'static,
    on_submit: impl Fn() + 'static,
) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(api) = Reflect::get(&window, &JsValue::from_str("cpEditor")) else {
        return;
    };
    let Some(mount) = method(&api, "mount") else {
        web_sys::console::warn_1(&"editor.js is not loaded: keeping the plain textarea".into());
        return;
    };
    let options = Object::new();
    let on_submit = Closure::<dyn Fn()>::new(on_submit);
    let on_change = Closure::<dyn Fn(String)>::new(on_change);
    let _ = Reflect::set(&options, &"doc".into(), &doc.into());
    let _ = Reflect::set(&options, &"language".into(), &language.into());
    if let Some(label) = label {
        let _ = Reflect::set(&options, &"label".into(), &label.into());
    }
    let _ = Reflect::set(&options, &"onSubmit".into(), on_submit.as_ref());
    let _ = Reflect::set(&options, &"onChange".into(), on_change.as_ref());
    // The editor keeps calling these for the life of the page.
    on_submit.forget();
    on_change.forget();
    if let Err(err) = mount.call2(&api, element, &options) {
        web_sys::console::error_2(&"mounting the editor failed".into(), &err);
    }
}

/// The text of the editor that replaced the textarea `textarea_id`, if it is mounted.
pub(crate) fn value(textarea_id: &str) -> Option<String> {
    let handle = handle(textarea_id)?;
    method(&handle, "getValue")?
        .call0(&handle)
        .ok()?
        .as_string()
}

/// Puts `doc` into the editor that replaced the textarea `textarea_id` and focuses it
/// (the textarea follows its signal by itself).
pub(crate) fn set_value(textarea_id: &str, doc: &str) {
    let Some(handle) = handle(textarea_id) else {
        return;
    };
    if let Some(set) = method(&handle, "setValue") {
        let _ = set.call1(&handle, &JsValue::from_str(doc));
    }
    if let Some(focus) = method(&handle, "focus") {
        let _ = focus.call0(&handle);
    }
}

/// Switches the editor that replaced the textarea `textarea_id` to `language`'s
/// highlighting and indentation.
pub(crate) fn set_language(textarea_id: &str, language: &str) {
    let Some(handle) = handle(textarea_id) else {
        return;
    };
    if let Some(set) = method(&handle, "setLanguage") {
        let _ = set.call1(&handle, &JsValue::from_str(language));
    }
}

fn handle(textarea_id: &str) -> Option<JsValue> {
    let textarea = web_sys::window()?
        .document()?
        .get_element_by_id(textarea_id)?;
    let element = textarea.parent_element()?;
    Reflect::get(&element, &JsValue::from_str("cpEditor"))
        .ok()
        .filter(|handle| handle.is_object())
}

fn method(target: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(target, &JsValue::from_str(name))
        .ok()?
        .dyn_into::<Function>()
        .ok()
}
