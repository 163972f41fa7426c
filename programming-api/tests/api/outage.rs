//! Postgres or Redis going away: the API answers 503 `unavailable` (or falls back)
//! instead of hanging or failing with 500, and recovers by itself.

use std::time::Duration;

use contract::fault::TcpProxy;
use reqwest::StatusCode;

use contract::Keys;
use programming_api::Config;
use uuid::Uuid;

use crate::helpers::{assert_error, spawn_app_with, TestApp};

/// A guard against a hang: a request must be answered well within this.
const GUARD: Duration = Duration::from_secs(30);

/// A proxy in front of the server of `url`.
async fn proxy_for(url: &str) -> TcpProxy {
    TcpProxy::for_url(url).await.expect("proxy").0
}

/// Polls `path` until it answers `status`.
async fn eventually_status(app: &TestApp, path: &str, token: &str, status: StatusCode) {
    let poll = async {
        while app.get(path, token).send().await.unwrap().status() != status {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(60), poll)
        .await
        .unwrap_or_else(|_| panic!("{path} never answered {status}"));
}

#[tokio::test]
async fn a_postgres_outage_answers_503_and_recovers() {
    let server = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL");
    let proxy = proxy_for(&server).await;
    let app = spawn_app_with(|config| {
        config.database_url = proxy.redirect(&config.database_url).unwrap();
    })
    .await;
    let (_, token) = app.new_learner().await;
    let id = app.assignment_ids().await[0];

    proxy.cut();
    for path in ["/api/ready", "/api/me/submissions", "/api/assignments"] {
        let response = tokio::time::timeout(GUARD, app.get(path, &token).send())
            .await
            .unwrap_or_else(|_| panic!("{path} hung"))
            .unwrap();
        assert_error(response, StatusCode::SERVICE_UNAVAILABLE, "unavailable").await;
    }
    let response = tokio::time::timeout(GUARD, app.submit(&token, id, "print(1)"))
        .await
        .expect("submitting hung");
    assert_error(response, StatusCode::SERVICE_UNAVAILABLE, "unavailable").await;
    let response = app.client.get(app.url("/api/health")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "alive while not ready");

    proxy.restore();
    eventually_status(&app, "/api/ready", &token, StatusCode::OK).await;
    assert_eq!(
        app.get("/api/me/submissions", &token)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.submit(&token, id, "print(1)").await.status(),
        StatusCode::ACCEPTED
    );
}

#[tokio::test]
async fn a_redis_outage_falls_back_for_reads_and_refuses_submissions() {
    let server = std::env::var("REDIS_URL").expect("REDIS_URL");
    let proxy = proxy_for(&server).await;
    let app = spawn_app_with(|config| {
        config.redis_url = proxy.redirect(&config.redis_url).unwrap();
    })
    .await;
    let (_, token) = app.new_learner().await;
    let id = app.assignment_ids().await[0];

    proxy.cut();
    let response = tokio::time::timeout(GUARD, app.get("/api/assignments", &token).send())
        .await
        .expect("reading hung")
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "read from Postgres");
    let response = tokio::time::timeout(GUARD, app.submit(&token, id, "print(1)"))
        .await
        .expect("submitting hung");
    assert_error(response, StatusCode::SERVICE_UNAVAILABLE, "unavailable").await;
    let open: i64 = sqlx::query_scalar("SELECT count(*) FROM submissions")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(open, 0, "a refused submission leaves no row behind");
    let response = app.get("/api/ready", &token).send().await.unwrap();
    assert_error(response, StatusCode::SERVICE_UNAVAILABLE, "unavailable").await;

    proxy.restore();
    eventually_status(&app, "/api/ready", &token, StatusCode::OK).await;
    assert_eq!(
        app.submit(&token, id, "print(1)").await.status(),
        StatusCode::ACCEPTED
    );
}

#[tokio::test]
async fn build_waits_for_postgres_but_not_for_redis() {
    contract::telemetry::init_for_tests();
    let database_url = migrations::test_support::fresh_database().await.unwrap();
    let (postgres, database_url) = TcpProxy::for_url(&database_url).await.unwrap();
    let redis_url = std::env::var("REDIS_URL").expect("REDIS_URL");
    let (redis, redis_url) = TcpProxy::for_url(&redis_url).await.unwrap();
    postgres.cut();
    redis.cut();
    let building = tokio::spawn(programming_api::build(Config {
        database_url,
        redis_url,
        keys: Keys::new(format!("test-{}:", Uuid::new_v4())),
        port: 0,
        admin: None,
        limits: programming_api::RateLimits::default(),
        trusted_proxies: Default::default(),
        http: Default::default(),
        check_wait: std::time::Duration::from_secs(20),
    }));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!building.is_finished(), "build waits for postgres");
    // Redis is not waited for: the API serves reads without it.
    postgres.restore();
    let built = tokio::time::timeout(Duration::from_secs(60), building).await;
    built
        .expect("build finished")
        .unwrap()
        .expect("build succeeded");
}
