//! The HTTP server's own limits (`contract::serve`): a client that is slow to send its
//! request head is cut off, and a request that takes too long is answered 503.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use sqlx::{Connection, PgConnection};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::OwnedReadHalf;
use tokio::net::TcpStream;

use crate::helpers::{assert_error, spawn_app_with};

const HEADER_TIMEOUT: Duration = Duration::from_millis(600);

/// Reads until the server closes the connection; what it sent meanwhile.
async fn read_until_closed(mut reader: OwnedReadHalf) -> Vec<u8> {
    let mut received = Vec::new();
    let mut buffer = [0u8; 256];
    loop {
        match tokio::time::timeout(Duration::from_secs(10), reader.read(&mut buffer)).await {
            Ok(Ok(0) | Err(_)) => return received,
            Ok(Ok(n)) => received.extend_from_slice(&buffer[..n]),
            Err(_) => panic!("the connection was still open after 10 s"),
        }
    }
}

#[tokio::test]
async fn a_client_slow_to_send_its_headers_is_cut_off() {
    let app = spawn_app_with(|config| config.http.header_read_timeout = HEADER_TIMEOUT).await;

    // One byte every 100 ms: the head would take 5 s, so it is never finished.
    let started = Instant::now();
    let (reader, mut writer) = TcpStream::connect(app.address).await.unwrap().into_split();
    let trickle = tokio::spawn(async move {
        let head = format!(
            "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: {}\r\n\r\n",
            "a".repeat(10)
        );
        for byte in head.bytes() {
            if writer.write_all(&[byte]).await.is_err() {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        true
    });
    let answer = read_until_closed(reader).await;
    let held = started.elapsed();
    assert!(answer.is_empty() || String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 408"));
    assert!(
        held >= HEADER_TIMEOUT && held < HEADER_TIMEOUT * 3,
        "cut off after {held:?}"
    );
    trickle.abort();

    // Connecting and sending nothing at all is cut off the same way.
    let started = Instant::now();
    let (reader, _writer) = TcpStream::connect(app.address).await.unwrap().into_split();
    read_until_closed(reader).await;
    assert!(started.elapsed() < HEADER_TIMEOUT * 3);

    // A client that sends its head in time is served.
    let response = app.client.get(app.url("/api/health")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_request_over_the_time_limit_gets_503_timeout() {
    let app = spawn_app_with(|config| {
        config.http.request_timeout = Duration::from_millis(700);
    })
    .await;
    // A lock on `users` holds `POST /api/users` inside the server for as long as the
    // test wants (as in drain.rs).
    let mut blocker = PgConnection::connect_with(&*app.db.connect_options())
        .await
        .unwrap();
    let mut lock = blocker.begin().await.unwrap();
    sqlx::query("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
        .execute(&mut *lock)
        .await
        .unwrap();
    let started = Instant::now();
    let response = app.client.post(app.url("/api/users")).send().await.unwrap();
    let waited = started.elapsed();
    let body = assert_error(response, StatusCode::SERVICE_UNAVAILABLE, "timeout").await;
    assert!(
        waited >= Duration::from_millis(700) && waited < Duration::from_secs(5),
        "answered after {waited:?}: {body}"
    );
    lock.rollback().await.unwrap();
    // The timed-out request left nothing behind, and the server goes on serving.
    let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users WHERE role = 'learner'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(users, 0);
    app.new_learner().await;
}
