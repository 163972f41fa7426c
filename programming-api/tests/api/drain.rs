//! SIGTERM drains: a request in flight when shutdown begins still gets its answer, new
//! connections are refused, and the server returns only after that.

use std::time::Duration;

use contract::Keys;
use programming_api::Config;
use sqlx::{Connection, PgConnection};
use uuid::Uuid;

#[tokio::test]
async fn a_request_in_flight_at_shutdown_is_answered_before_the_server_stops() {
    contract::telemetry::init_for_tests();
    let database_url = migrations::test_support::fresh_database().await.unwrap();
    let config = Config {
        database_url: database_url.clone(),
        redis_url: std::env::var("REDIS_URL").expect("REDIS_URL (eval \"$(./platform env)\")"),
        keys: Keys::new(format!("test-{}:", Uuid::new_v4())),
        port: 0,
        admin: None,
        limits: programming_api::RateLimits::default(),
        trusted_proxies: Default::default(),
        http: Default::default(),
        check_wait: std::time::Duration::from_secs(20),
    };
    let app = programming_api::build(config).await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(app.run(listener, async {
        let _ = stopped.await;
    }));

    // Holding a lock on `users` keeps `POST /api/users` waiting inside the server, for as
    // long as the test wants: no timing involved.
    let mut blocker = PgConnection::connect(&database_url).await.unwrap();
    let mut lock = blocker.begin().await.unwrap();
    sqlx::query("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
        .execute(&mut *lock)
        .await
        .unwrap();
    let in_flight = tokio::spawn(
        reqwest::Client::new()
            .post(format!("http://{address}/api/users"))
            .send(),
    );
    // Wait until the request is really waiting on the lock (up to 30 s: a loaded machine
    // running the whole suite takes seconds to get a new server's request that far). Only
    // this test's database counts: other tests' lock waits say nothing of this request.
    let mut waiting = false;
    for _ in 0..1500 {
        let blocked: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity
             WHERE wait_event_type = 'Lock' AND datname = current_database()",
        )
        .fetch_one(&mut *lock)
        .await
        .unwrap();
        if blocked > 0 {
            waiting = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(waiting, "the request never reached the database");

    stop.send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(
        !server.is_finished(),
        "the server stopped with a request in flight"
    );
    let refused = reqwest::Client::new()
        .get(format!("http://{address}/api/health"))
        .timeout(Duration::from_secs(2))
        .send()
        .await;
    assert!(
        refused.is_err(),
        "a new connection was accepted after shutdown began"
    );

    lock.rollback().await.unwrap();
    let answered = in_flight
        .await
        .unwrap()
        .expect("the in-flight request was answered");
    assert_eq!(answered.status(), 201);
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("the server stops once drained")
        .unwrap()
        .unwrap();
}
