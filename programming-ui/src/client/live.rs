//! The live connection to `/ws`: frames go to the page's [`Listener`]; when the socket
//! drops it reconnects with backoff, and every (re)connect tells the listener, which
//! re-reads state over REST so a change that happened meanwhile is not missed. A page
//! owns its connection ([`stay_live`]): opened once hydrated, closed when the page goes
//! away.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, WebSocket};
use wire::live::Event;

/// What a page does with its live connection.
pub(crate) trait Listener {
    /// A socket opened (the first, or one after a drop): re-read what may have changed.
    fn opened(&self);
    /// The socket closed; another attempt follows.
    fn closed(&self);
    fn frame(&self, event: Event);
}

/// Keeps a live connection for as long as the calling page exists. The effect runs once,
/// in the browser after hydration (never on the server); the cleanup runs when the
/// page's owner is dropped.
pub(crate) fn stay_live(listener: impl Listener + 'static) {
    let connection = Connection::new(Rc::new(listener));
    let opening = connection.clone();
    Effect::new(move |opened: Option<()>| {
        if opened.is_none() {
            opening.open();
        }
    });
    // The browser runs one thread, so the wrapper never has to cross one.
    let closing = send_wrapper::SendWrapper::new(connection);
    on_cleanup(move || closing.close());
}

/// One page's connection, across all its sockets; clones share it.
#[derive(Clone)]
struct Connection(Rc<Inner>);

struct Inner {
    listener: Rc<dyn Listener>,
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
    fn new(listener: Rc<dyn Listener>) -> Connection {
        Connection(Rc::new(Inner {
            listener,
            failures: Cell::new(0),
            socket: RefCell::new(None),
            retry: Cell::new(None),
            closed: Cell::new(false),
        }))
    }

    /// Opens a socket; from then on the connection reopens itself until [`Connection::close`].
    fn open(&self) {
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
        let on_open = Closure::<dyn Fn()>::new({
            let connection = self.clone();
            move || {
                connection.0.failures.set(0);
                connection.0.listener.opened();
            }
        });
        let on_message = Closure::<dyn Fn(MessageEvent)>::new({
            let listener = self.0.listener.clone();
            move |event: MessageEvent| {
                let Some(text) = event.data().as_string() else {
                    return;
                };
                // Other frames (a pong, kinds this client does not know) are not events.
                if let Ok(event) = serde_json::from_str(&text) {
                    listener.frame(event);
                }
            }
        });
        // `close` follows every failed or dropped connection, so it alone schedules retries.
        let on_close = Closure::once_into_js({
            let connection = self.clone();
            move || {
                connection.0.listener.closed();
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
    fn close(&self) {
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
