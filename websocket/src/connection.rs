//! One WebSocket connection: register with the hub, then send queued events, answer
//! pings and watch the client's liveness until either side leaves.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{close_code, CloseFrame, Message, Utf8Bytes, WebSocket};
use contract::auth::{AuthUser, Role};
use contract::messages::Ping;
use tokio::sync::mpsc;
use tokio::time::{timeout, Instant};
use tokio_util::sync::CancellationToken;

use crate::hub::{HubHandle, Refused};
use crate::metrics::Metrics;
use crate::registry::Refusal;

/// Frames a learner's socket may have waiting; a socket that falls further behind is
/// dropped.
const QUEUE_CAPACITY: usize = 64;
/// The same for an admin's socket, which carries every learner's events: enough for the
/// bursts of a busy evening.
const ADMIN_QUEUE_CAPACITY: usize = 4096;
/// How often the server pings the client.
const PING_INTERVAL: Duration = Duration::from_secs(30);
/// A client silent for this long (not even a pong) is considered gone.
const PONG_TIMEOUT: Duration = Duration::from_secs(60);
/// A single write may take this long; a client that stops reading is dropped.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// What the connection task shares with the rest of the relay. It deliberately holds
/// no handle that keeps the relay alive, so open sockets never delay its shutdown.
#[derive(Clone)]
pub(crate) struct ConnectionContext {
    pub(crate) hub: HubHandle,
    pub(crate) metrics: Arc<Metrics>,
    pub(crate) shutdown: CancellationToken,
}

/// Why the server ends a connection: the close frame to send, if any.
type Ending = Option<(u16, &'static str)>;

#[tracing::instrument(skip_all, fields(user_id = %user.id, role = user.role.as_str()))]
pub(crate) async fn serve(mut socket: WebSocket, user: AuthUser, context: ConnectionContext) {
    let capacity = match user.role {
        Role::Admin => ADMIN_QUEUE_CAPACITY,
        Role::Learner => QUEUE_CAPACITY,
    };
    let (queue, mut frames) = mpsc::channel(capacity);
    let kicked = CancellationToken::new();
    // Registration completes before the first client message is read (see `hub`).
    let _registration = match context.hub.register(user, queue, kicked.clone()).await {
        Ok(registration) => registration,
        Err(refused) => {
            tracing::info!(?refused, "socket refused");
            close(&mut socket, Some(refusal_close(refused))).await;
            return;
        }
    };
    let _gauge = context.metrics.connection_opened();
    tracing::debug!("connected");
    let mut heartbeat = tokio::time::interval_at(Instant::now() + PING_INTERVAL, PING_INTERVAL);
    let mut last_heard = Instant::now();
    let ending: Ending = loop {
        tokio::select! {
            // Ending wins over more work: a kicked socket must not keep draining its queue.
            biased;
            () = context.shutdown.cancelled() => break Some((close_code::AWAY, "shutting down")),
            () = kicked.cancelled() => break Some((close_code::AGAIN, "too slow")),
            frame = frames.recv() => match frame {
                Some(text) => {
                    if !send(&mut socket, Message::Text(text)).await {
                        break None;
                    }
                }
                // The hub stopped and dropped the queue.
                None => break Some((close_code::AWAY, "shutting down")),
            },
            inbound = socket.recv() => {
                let message = match inbound {
                    Some(Ok(message)) => message,
                    Some(Err(err)) if is_too_big(&err) => {
                        break Some((close_code::SIZE, "message too big: clients send only pings"))
                    }
                    Some(Err(_)) | None => break None,
                };
                last_heard = Instant::now();
                match reply_to(&message) {
                    Reply::Send(text) => {
                        if !send(&mut socket, Message::Text(text)).await {
                            break None;
                        }
                    }
                    Reply::Nothing => {}
                    // Tungstenite answers the client's close frame itself.
                    Reply::Closed => break None,
                }
            }
            _ = heartbeat.tick() => {
                if !is_alive(last_heard.elapsed()) {
                    break Some((close_code::POLICY, "ping timeout"));
                }
                if !send(&mut socket, Message::Ping(Default::default())).await {
                    break None;
                }
            }
        }
    };
    close(&mut socket, ending).await;
    tracing::debug!(?ending, "disconnected");
}

/// The close frame for a socket the hub would not take.
fn refusal_close(refused: Refused) -> (u16, &'static str) {
    match refused {
        Refused::ShuttingDown => (close_code::AWAY, "shutting down"),
        // Another replica (or this one, a moment later) may have room.
        Refused::Limit(Refusal::ProcessFull) => {
            (close_code::AGAIN, "too many connections; try again later")
        }
        Refused::Limit(Refusal::UserFull) => (
            close_code::POLICY,
            "too many connections for this user; close a tab",
        ),
    }
}

/// Whether a read failed because the client's frame or message is over the limit
/// (`upgrade::MAX_CLIENT_MESSAGE`). Tungstenite reports it without closing, and reads
/// nothing more of that frame, so a close frame can still be sent.
fn is_too_big(err: &axum::Error) -> bool {
    let cause = std::error::Error::source(err);
    matches!(
        cause.and_then(|cause| cause.downcast_ref::<tungstenite::Error>()),
        Some(tungstenite::Error::Capacity(_))
    )
}

#[derive(Debug, PartialEq)]
enum Reply {
    Send(Utf8Bytes),
    Nothing,
    Closed,
}

/// The answer to one client message. Only `{"type":"ping"}` means anything; other
/// text is ignored so that newer clients do not break older relays.
fn reply_to(message: &Message) -> Reply {
    match message {
        Message::Text(text) => match serde_json::from_str::<Ping>(text.as_str()) {
            Ok(Ping::Ping) => {
                let pong = serde_json::to_string(&Ping::Pong).expect("a frame serializes");
                Reply::Send(Utf8Bytes::from(pong))
            }
            _ => Reply::Nothing,
        },
        Message::Close(_) => Reply::Closed,
        Message::Binary(_) | Message::Ping(_) | Message::Pong(_) => Reply::Nothing,
    }
}

/// Any frame from the client (a pong above all) proves it is still there.
fn is_alive(silent_for: Duration) -> bool {
    silent_for <= PONG_TIMEOUT
}

/// Sends one message; `false` when the connection is unusable.
async fn send(socket: &mut WebSocket, message: Message) -> bool {
    matches!(
        timeout(SEND_TIMEOUT, socket.send(message)).await,
        Ok(Ok(()))
    )
}

async fn close(socket: &mut WebSocket, ending: Ending) {
    if let Some((code, reason)) = ending {
        let frame = CloseFrame {
            code,
            reason: Utf8Bytes::from_static(reason),
        };
        send(socket, Message::Close(Some(frame))).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_pings_and_ignores_everything_else() {
        let ping = Message::Text(r#"{"type": "ping"}"#.into());
        assert_eq!(reply_to(&ping), Reply::Send(r#"{"type":"pong"}"#.into()));
        for other in [r#"{"type":"hello"}"#, "not json", "[]", r#""ping""#] {
            assert_eq!(
                reply_to(&Message::Text(other.into())),
                Reply::Nothing,
                "{other}"
            );
        }
        assert_eq!(
            reply_to(&Message::Binary(Default::default())),
            Reply::Nothing
        );
        assert_eq!(reply_to(&Message::Close(None)), Reply::Closed);
    }

    #[test]
    fn a_client_is_alive_until_the_pong_timeout() {
        assert!(is_alive(Duration::ZERO));
        assert!(is_alive(PONG_TIMEOUT));
        assert!(!is_alive(PONG_TIMEOUT + Duration::from_millis(1)));
        assert!(
            PING_INTERVAL < PONG_TIMEOUT,
            "a live client must get a ping before it times out"
        );
    }
}
