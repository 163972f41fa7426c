//! Postgres going away: new sockets are refused with 503 `unavailable` before the
//! upgrade, open sockets keep receiving events, and admission recovers by itself.

use std::time::Duration;

use contract::fault::TcpProxy;
use serde_json::Value;
use tokio_tungstenite::tungstenite::Error as WsError;

use crate::helpers::{next_text, spawn_relay_with};

#[tokio::test]
async fn a_postgres_outage_refuses_new_sockets_with_503_and_recovers() {
    let server = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL");
    let (proxy, _) = TcpProxy::for_url(&server).await.expect("proxy");
    let mut relay = spawn_relay_with(|config| {
        config.database_url = proxy.redirect(&config.database_url).unwrap();
    })
    .await;
    let (user, token) = relay.user("learner").await;
    let mut open = relay.connect(&token).await;

    proxy.cut();
    let refused = tokio::time::timeout(
        Duration::from_secs(30),
        tokio_tungstenite::connect_async(relay.url(&format!("/ws?token={token}"))),
    )
    .await
    .expect("the upgrade request is answered, not left hanging");
    let Err(WsError::Http(response)) = refused else {
        panic!("expected an HTTP error, got {refused:?}");
    };
    assert_eq!(response.status(), 503);
    let body: Value = serde_json::from_slice(response.body().as_deref().unwrap()).unwrap();
    assert_eq!(body["error"]["code"], "unavailable", "{body}");
    assert_eq!(relay.http_get("/api/ready").await.0, 503);
    // A socket admitted before the outage does not need the database.
    relay.publish(user, r#"{"type":"submission","n":1}"#).await;
    assert_eq!(next_text(&mut open).await, r#"{"type":"submission","n":1}"#);

    proxy.restore();
    let poll = async {
        while relay.http_get("/api/ready").await.0 != 200 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(60), poll)
        .await
        .expect("ready again");
    relay.connect(&token).await;
    relay.stop().await;
}
