//! The relay against real Postgres and Redis, through a real WebSocket client.

mod helpers;
mod limits;
mod outage;

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use helpers::{next_text, ping, spawn_relay, spawn_relay_alone};
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

fn event(n: usize) -> String {
    format!(r#"{{"type":"submission","submission":{{"id":"x","n":{n}}}}}"#)
}

#[tokio::test]
async fn token_and_cookie_both_authenticate_and_pings_get_pongs() {
    let mut relay = spawn_relay().await;
    let (user, token) = relay.user("learner").await;
    let mut by_query = relay.connect(&token).await;
    let mut by_cookie = relay.connect_with_cookie(&token).await;
    // Unknown client messages are ignored rather than ending the connection.
    by_query
        .send(Message::text(r#"{"type":"hello"}"#))
        .await
        .unwrap();
    ping(&mut by_query).await;
    relay.publish(user, &event(1)).await;
    assert_eq!(next_text(&mut by_query).await, event(1));
    assert_eq!(next_text(&mut by_cookie).await, event(1));
    relay.stop().await;
}

#[tokio::test]
async fn events_reach_their_learner_unchanged_and_nobody_else() {
    let mut relay = spawn_relay().await;
    let (alice, alice_token) = relay.user("learner").await;
    let (bob, bob_token) = relay.user("learner").await;
    let mut alice_socket = relay.connect(&alice_token).await;
    let mut bob_socket = relay.connect(&bob_token).await;

    let payload =
        r#"{"type": "submission",  "submission": {"status": "running", "note": "ünïcode"}}"#;
    relay.publish(alice, payload).await;
    assert_eq!(next_text(&mut alice_socket).await, payload);
    // Bob's next frame is his own event: Alice's was never queued for him.
    relay.publish(bob, &event(2)).await;
    assert_eq!(next_text(&mut bob_socket).await, event(2));
    relay.stop().await;
}

#[tokio::test]
async fn admins_receive_the_admins_channel_and_learners_do_not() {
    let mut relay = spawn_relay().await;
    let (alice, alice_token) = relay.user("learner").await;
    let mut learner = relay.connect(&alice_token).await;
    assert!(!relay.admins_watching().await, "no admin is connected yet");
    let (_, admin_token) = relay.user("admin").await;
    let mut admin = relay.connect(&admin_token).await;
    // The learner's view goes to the learner only; the teachers' to every admin.
    relay.publish(alice, &event(1)).await;
    relay.publish_to_admins(&event(2)).await;
    relay.publish_to_admins(&event(3)).await;
    assert_eq!(next_text(&mut admin).await, event(2));
    assert_eq!(next_text(&mut admin).await, event(3));
    // The learner's next frame is their own, not an admin frame.
    relay.publish(alice, &event(4)).await;
    assert_eq!(next_text(&mut learner).await, event(1));
    assert_eq!(next_text(&mut learner).await, event(4));
    // While an admin socket is open, the relay tells the API that admins are watching.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while !relay.admins_watching().await {
        assert!(tokio::time::Instant::now() < deadline, "never announced");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    relay.stop().await;
}

#[tokio::test]
async fn missing_or_invalid_tokens_are_refused_before_upgrading() {
    let relay = spawn_relay().await;
    for url in [relay.url("/ws?token=not-a-real-token"), relay.url("/ws")] {
        match tokio_tungstenite::connect_async(url.as_str()).await {
            Err(WsError::Http(response)) => {
                assert_eq!(response.status(), 401, "{url}");
                let body = String::from_utf8(response.body().clone().unwrap_or_default()).unwrap();
                let json: serde_json::Value = serde_json::from_str(&body).unwrap();
                assert_eq!(json["error"]["code"], "unauthenticated", "{body}");
            }
            Err(other) => panic!("{url}: expected HTTP 401, got {other}"),
            Ok(_) => panic!("{url}: upgraded without a valid token"),
        }
    }
    relay.stop().await;
}

#[tokio::test]
async fn a_hundred_quick_events_arrive_in_order() {
    let mut relay = spawn_relay().await;
    let (user, token) = relay.user("learner").await;
    let mut socket = relay.connect(&token).await;
    for n in 0..100 {
        relay.publish(user, &event(n)).await;
    }
    for n in 0..100 {
        assert_eq!(next_text(&mut socket).await, event(n));
    }
    relay.stop().await;
}

#[tokio::test]
async fn every_socket_of_a_learner_receives_the_event() {
    let mut relay = spawn_relay().await;
    let (user, token) = relay.user("learner").await;
    let mut first = relay.connect(&token).await;
    let mut second = relay.connect(&token).await;
    relay.publish(user, &event(7)).await;
    assert_eq!(next_text(&mut first).await, event(7));
    assert_eq!(next_text(&mut second).await, event(7));
    // Closing one socket leaves the other registered.
    first.close(None).await.unwrap();
    relay.publish(user, &event(8)).await;
    assert_eq!(next_text(&mut second).await, event(8));
    relay.stop().await;
}

#[tokio::test]
async fn a_slow_socket_is_dropped_without_holding_back_the_others() {
    let mut relay = spawn_relay().await;
    let (user, token) = relay.user("learner").await;
    // This socket does not read until the end, so its queue and TCP buffers fill up.
    let mut slow = relay.connect(&token).await;
    let mut fast = relay.connect(&token).await;
    let big = "x".repeat(64 * 1024);
    let count = 400;
    let reader = tokio::spawn(async move {
        for n in 0..count {
            let text = next_text(&mut fast).await;
            assert!(text.ends_with(&format!("-{n}")), "frame {n} out of order");
        }
    });
    for n in 0..count {
        relay.publish(user, &format!("{big}-{n}")).await;
    }
    reader.await.unwrap();
    let (_, metrics) = relay.http_get("/metrics").await;
    let dropped: u64 = metrics
        .lines()
        .find_map(|line| line.strip_prefix("websocket_messages_dropped_total "))
        .unwrap()
        .parse()
        .unwrap();
    assert!(dropped >= 1, "{metrics}");
    // The slow socket gets what was already on its way, then a "too slow" close.
    let ending = loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), slow.next())
            .await
            .expect("the slow socket is closed, not kept");
        match frame {
            Some(Ok(Message::Text(_) | Message::Ping(_))) => continue,
            Some(Ok(Message::Close(frame))) => break frame,
            other => panic!("expected a close frame, got {other:?}"),
        }
    };
    let ending = ending.expect("a close code");
    assert_eq!(
        (ending.code, ending.reason.as_str()),
        (CloseCode::Again, "too slow")
    );
    relay.stop().await;
}

#[tokio::test]
async fn shutdown_closes_open_sockets_as_going_away() {
    let relay = spawn_relay().await;
    let (_, token) = relay.user("learner").await;
    let mut socket = relay.connect(&token).await;
    relay.stop().await;
    match socket.next().await {
        Some(Ok(Message::Close(Some(frame)))) => assert_eq!(frame.code, CloseCode::Away),
        other => panic!("expected a close frame, got {other:?}"),
    }
}

#[tokio::test]
async fn operations_endpoints_answer() {
    let relay = spawn_relay().await;
    let (_, token) = relay.user("learner").await;
    assert_eq!(relay.http_get("/api/health").await.0, 200);
    let (status, body) = relay.http_get("/api/ready").await;
    assert_eq!((status, body.contains("ready")), (200, true), "{body}");

    let _socket = relay.connect(&token).await;
    let (status, metrics) = relay.http_get("/metrics").await;
    assert_eq!(status, 200);
    assert!(metrics.contains("\nwebsocket_connections 1\n"), "{metrics}");
    assert!(
        metrics.contains("websocket_messages_forwarded_total "),
        "{metrics}"
    );

    // A plain GET on /ws with a valid token is a client error in our format, not a 500.
    let (status, body) = relay.http_get(&format!("/ws?token={token}")).await;
    assert!((400..500).contains(&status), "{status} {body}");
    assert!(
        body.contains(r#""code":"websocket_upgrade_required""#),
        "{body}"
    );
    relay.stop().await;
}

#[tokio::test]
async fn a_lost_redis_subscription_is_restored_while_sockets_stay_open() {
    let mut relay = spawn_relay_alone().await;
    let (user, token) = relay.user("learner").await;
    let mut socket = relay.connect(&token).await;
    assert!(relay.cut_subscription().await >= 1, "the relay subscribed");
    // Events published while the relay reconnects are lost (clients re-read state over
    // REST), so publish until one gets through, then check the socket never closed.
    let mut attempt = 0;
    let received = loop {
        relay.publish(user, &event(attempt)).await;
        let frame = tokio::time::timeout(
            std::time::Duration::from_millis(200),
            next_text(&mut socket),
        )
        .await;
        if let Ok(text) = frame {
            break text;
        }
        attempt += 1;
        assert!(attempt < 100, "the subscription was not restored");
    };
    assert!(
        received.starts_with(r#"{"type":"submission""#),
        "{received}"
    );
    ping(&mut socket).await;
    assert!(relay.resubscribed().await, "a new connection subscribed");
    relay.stop().await;
}
