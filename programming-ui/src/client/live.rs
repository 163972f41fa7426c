//! The live connection to `/ws`: submission frames update the page; when the socket
//! drops it reconnects with backoff, and every (re)connect re-reads state over REST so a
//! result that arrived meanwhile is not missed. The page owns it (`page::stay_live`):
//! it opens it once hydrated and closes it when the page goes away.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, WebSocket};
use wire::live::Event;

use super::actions;
use crate::state::PageState;

/// One page's connection, across all its sockets; clones share it.
#[derive(Clone)]
pub(crate) struct Connection(Rc<Inner>);

struct Inner {
    state: PageState,
    /// Failed attempts since a socket last opened; sets the backoff.
    failures: Cell<u32>,
    /// The current attempt's socket, so `close` can end it.
    socket: RefCell<Option<WebSocket>>,
    /// The pending retry's timer, so `close` can cancel it.
    retry: Cell<Option<i32>>,
    /// Set by `close`: nothing is opened or retried after it.
    closed: Cell<bool>,
}

impl Connection {
    /// A connection not yet opened.
    pub(crate) fn new(state: PageState) -> Connection {
        Connection(Rc::new(Inner {
            state,
            failures: Cell::new(0),
            socket: RefCell::new(None),
            retry: Cell::new(None),
            closed: Cell::new(false),
        }))
    }

    /// Opens a socket; from then on the connection reopens itself until [`Connection::close`].
    pub(crate) fn open(&self) {
        if self.0.closed.get() {
            return;
        }
        let Some(url) = socket_url() else {
            return;
        };
        let socket = match WebSocket::new(&url) {
            Ok(socket) => socket,
            Err(_) => return self.retry_later(),
        };
        let state = self.0.state;
        let on_open = Closure::<dyn Fn()>::new({
            let connection = self.clone();
            move || {
                connection.0.failures.set(0);
                state.connected.set(true);
                actions::refresh_all(state);
            }
        });
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            let Some(text) = event.data().as_string() else {
                return;
            };
            // Other frames (a pong, kinds this page does not show) are not events it reads.
            if let Ok(Event::Submission { submission }) = serde_json::from_str(&text) {
                actions::on_frame(state, submission);
            }
        });
        // `close` follows every failed or dropped connection, so it alone schedules retries.
        let on_close = Closure::once_into_js({
            let connection = self.clone();
            move || {
                state.connected.set(false);
                connection.retry_later();
            }
        });
        socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        socket.set_onclose(Some(on_close.unchecked_ref()));
        // One socket per connection attempt: these few closures are not worth reclaiming.
        on_open.forget();
        on_message.forget();
        *self.0.socket.borrow_mut() = Some(socket);
    }

    /// Ends the connection for good: the socket is closed and no retry follows.
    pub(crate) fn close(&self) {
        self.0.closed.set(true);
        if let (Some(timer), Some(window)) = (self.0.retry.take(), web_sys::window()) {
            window.clear_timeout_with_handle(timer);
        }
        if let Some(socket) = self.0.socket.take() {
            // Unhooked first: the page's signals may be gone when the close event fires.
            socket.set_onopen(None);
            socket.set_onmessage(None);
            socket.set_onclose(None);
            let _ = socket.close();
        }
    }

    /// 0.5 s, 1 s, 2 s, ... up to 10 s between attempts.
    fn retry_later(&self) {
        if self.0.closed.get() {
            return;
        }
        let attempt = self.0.failures.get();
        self.0.failures.set(attempt.saturating_add(1));
        let delay = (500u32 << attempt.min(5)).min(10_000);
        let retry = Closure::once_into_js({
            let connection = self.clone();
            move || {
                connection.0.retry.set(None);
                connection.open();
            }
        });
        if let Some(window) = web_sys::window() {
            if let Ok(timer) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                retry.unchecked_ref(),
                delay as i32,
            ) {
                self.0.retry.set(Some(timer));
            }
        }
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
