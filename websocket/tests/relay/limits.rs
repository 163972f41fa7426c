//! The relay's limits, each ending a socket with a close code that says why: too many
//! sockets in the process (1013) or for one user (1008), a message too big (1009).

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{ping, spawn_relay, spawn_relay_with, Socket, TestRelay};

/// The close frame the server ends `socket` with (pings, pongs and texts skipped).
async fn close_frame(socket: &mut Socket) -> CloseFrame {
    loop {
        let next = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("the server closes the socket");
        match next {
            Some(Ok(Message::Close(Some(frame)))) => return frame,
            Some(Ok(Message::Text(_) | Message::Ping(_) | Message::Pong(_))) => continue,
            other => panic!("expected a close frame, got {other:?}"),
        }
    }
}

/// Opens a socket without waiting for it to be registered.
async fn open(relay: &TestRelay, token: &str) -> Socket {
    let url = relay.url(&format!("/ws?token={token}"));
    tokio_tungstenite::connect_async(url).await.unwrap().0
}

#[tokio::test]
async fn a_message_over_the_size_limit_gets_a_1009_close() {
    let relay = spawn_relay().await;
    let (_, token) = relay.user("learner").await;
    let mut socket = relay.connect(&token).await;
    // 16 MiB in one frame. The server stops reading at the frame's header, so the send
    // itself may fail once it has closed; the close frame is what counts.
    let _ = socket
        .send(Message::binary(vec![b'x'; 16 * 1024 * 1024]))
        .await;
    let frame = close_frame(&mut socket).await;
    assert_eq!(frame.code, CloseCode::Size, "{frame:?}");
    assert!(frame.reason.contains("too big"), "{frame:?}");

    // Just over the limit in text, the same.
    let mut socket = relay.connect(&token).await;
    socket
        .send(Message::text("x".repeat(4 * 1024 + 1)))
        .await
        .unwrap();
    assert_eq!(close_frame(&mut socket).await.code, CloseCode::Size);
    // A socket within the limit is unaffected.
    let mut socket = relay.connect(&token).await;
    socket.send(Message::text("x".repeat(4000))).await.unwrap();
    ping(&mut socket).await;
    relay.stop().await;
}

#[tokio::test]
async fn a_users_socket_over_the_per_user_limit_gets_a_1008_close() {
    let relay = spawn_relay_with(|config| config.sockets.per_user = 2).await;
    let (_, token) = relay.user("learner").await;
    let (_, other) = relay.user("learner").await;
    let _first = relay.connect(&token).await;
    let mut second = relay.connect(&token).await;
    let mut third = open(&relay, &token).await;
    let frame = close_frame(&mut third).await;
    assert_eq!(frame.code, CloseCode::Policy, "{frame:?}");
    assert!(frame.reason.contains("too many"), "{frame:?}");
    // Other users are not affected, and a closed socket makes room.
    relay.connect(&other).await;
    second.close(None).await.unwrap();
    drop(second);
    let mut again = None;
    for _ in 0..50 {
        let mut socket = open(&relay, &token).await;
        socket
            .send(Message::text(r#"{"type":"ping"}"#))
            .await
            .unwrap();
        match tokio::time::timeout(Duration::from_secs(5), socket.next()).await {
            Ok(Some(Ok(Message::Text(_)))) => {
                again = Some(socket);
                break;
            }
            // The hub may not have seen the closed socket go yet.
            _ => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    assert!(again.is_some(), "no room after a socket closed");
    relay.stop().await;
}

#[tokio::test]
async fn a_socket_over_the_per_process_limit_gets_a_1013_close() {
    let relay = spawn_relay_with(|config| config.sockets.per_process = 2).await;
    let mut tokens = Vec::new();
    for _ in 0..3 {
        tokens.push(relay.user("learner").await.1);
    }
    let _a = relay.connect(&tokens[0]).await;
    let _b = relay.connect(&tokens[1]).await;
    let mut refused = open(&relay, &tokens[2]).await;
    let frame = close_frame(&mut refused).await;
    assert_eq!(frame.code, CloseCode::Again, "{frame:?}");
    assert!(frame.reason.contains("try again"), "{frame:?}");
    relay.stop().await;
}
