//! The live connection to `/ws`: submission frames update the page; when the socket
//! drops it reconnects with backoff, and every (re)connect re-reads state over REST so a
//! result that arrived meanwhile is not missed.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, WebSocket};

use super::actions;
use crate::page::state::PageState;
use crate::types::Submission;

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Frame {
    Submission {
        submission: Submission,
    },
    #[serde(other)]
    Other,
}

/// Starts the connection; it lives as long as the page.
pub(crate) fn connect(state: PageState) {
    open(state, Rc::new(Cell::new(0)));
}

fn open(state: PageState, failures: Rc<Cell<u32>>) {
    let Some(url) = socket_url() else {
        return;
    };
    let socket = match WebSocket::new(&url) {
        Ok(socket) => socket,
        Err(_) => return retry_later(state, failures),
    };
    let on_open = Closure::<dyn Fn()>::new({
        let failures = failures.clone();
        move || {
            failures.set(0);
            state.connected.set(true);
            actions::refresh_all(state);
        }
    });
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(text) = event.data().as_string() else {
            return;
        };
        if let Ok(Frame::Submission { submission }) = serde_json::from_str(&text) {
            actions::on_frame(state, submission);
        }
    });
    // `close` follows every failed or dropped connection, so it alone schedules retries.
    let on_close = Closure::once_into_js(move || {
        state.connected.set(false);
        retry_later(state, failures);
    });
    socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    socket.set_onclose(Some(on_close.unchecked_ref()));
    // One socket per connection attempt: these few closures are not worth reclaiming.
    on_open.forget();
    on_message.forget();
}

/// 0.5 s, 1 s, 2 s, ... up to 10 s between attempts.
fn retry_later(state: PageState, failures: Rc<Cell<u32>>) {
    let attempt = failures.get();
    failures.set(attempt.saturating_add(1));
    let delay = (500u32 << attempt.min(5)).min(10_000);
    let retry = Closure::once_into_js(move || open(state, failures));
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            retry.unchecked_ref(),
            delay as i32,
        );
    }
}

fn socket_url() -> Option<String> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" {
        "wss"
    } else {
        "ws"
    };
    Some(format!("{scheme}://{}/ws", location.host().ok()?))
}
