//! The bridge to the editor bundle (`/editor.js`):
//! `window.cpEditor.mount(element, { doc, onSubmit, onChange })` returns a handle with
//! `getValue`, `setValue`, `focus` and `destroy`. Without the bundle the server-rendered
//! textarea stays and keeps working.

use std::cell::RefCell;

use js_sys::{Function, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::state::PageState;

thread_local! {
    /// The page has one editor; its handle lives as long as the page.
    static HANDLE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Replaces the textarea in `element` with CodeMirror, if the bundle loaded. The editor
/// calls `on_submit` on Ctrl/⌘ + Enter; the page decides what submitting means, so this
/// bridge knows nothing of the actions that read it.
pub(crate) fn mount(
    element: &web_sys::HtmlDivElement,
    state: PageState,
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
    let on_change = Closure::<dyn Fn(String)>::new(move |doc: String| state.code.set(doc));
    let _ = Reflect::set(&options, &"doc".into(), &state.code.get_untracked().into());
    let _ = Reflect::set(&options, &"onSubmit".into(), on_submit.as_ref());
    let _ = Reflect::set(&options, &"onChange".into(), on_change.as_ref());
    // The editor keeps calling these for the life of the page.
    on_submit.forget();
    on_change.forget();
    match mount.call2(&api, element, &options) {
        Ok(handle) => HANDLE.with(|slot| *slot.borrow_mut() = Some(handle)),
        Err(err) => web_sys::console::error_2(&"mounting the editor failed".into(), &err),
    }
}

/// The editor's current text, if the editor is mounted.
pub(crate) fn value() -> Option<String> {
    call(|handle| method(handle, "getValue")?.call0(handle).ok()?.as_string())
}

/// Puts `doc` into the editor (the textarea follows the `code` signal by itself).
pub(crate) fn set_value(doc: &str) {
    call(|handle| {
        let set = method(handle, "setValue")?;
        set.call1(handle, &JsValue::from_str(doc)).ok()?;
        let _ = method(handle, "focus")?.call0(handle);
        Some(())
    });
}

fn call<T>(f: impl FnOnce(&JsValue) -> Option<T>) -> Option<T> {
    HANDLE.with(|slot| slot.borrow().as_ref().and_then(f))
}

fn method(target: &JsValue, name: &str) -> Option<Function> {
    Reflect::get(target, &JsValue::from_str(name))
        .ok()?
        .dyn_into::<Function>()
        .ok()
}
