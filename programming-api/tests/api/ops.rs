use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn health_and_readiness() {
    let app = spawn_app().await;
    for path in ["/api/health", "/api/ready"] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["status"], "ok");
    }
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_submissions() {
    let app = spawn_app().await;
    let (_, token) = app.new_learner().await;
    let id = app.assignment_ids().await[0];
    app.get(&format!("/api/assignments/{id}"), &token)
        .send()
        .await
        .unwrap();
    app.get("/api/assignments/999999", &token)
        .send()
        .await
        .unwrap();
    app.submit(&token, id, "print(1)").await;
    app.get("/no/such/route", &token).send().await.unwrap();
    let response = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(
        response.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let text = response.text().await.unwrap();
    for line in [
        "# TYPE api_http_requests_total counter\n",
        "api_http_requests_total{route=\"/api/users\",status=\"2xx\"} 1",
        "api_http_requests_total{route=\"unmatched\",status=\"4xx\"} 1",
        "api_http_requests_total{route=\"/api/assignments/{id}\",status=\"2xx\"} 1",
        "api_http_requests_total{route=\"/api/assignments/{id}\",status=\"4xx\"} 1",
        "api_submissions_created_total{kind=\"queued\"} 1",
        "api_submissions_created_total{kind=\"reused\"} 0",
        "# TYPE api_cache_requests_total counter\n",
        "api_cache_requests_total{result=\"miss\"}",
    ] {
        assert!(text.contains(line), "{line} missing from:\n{text}");
    }
}

/// On a first deploy the API can start before `migrate` has run: it waits for the schema
/// and the catalog instead of answering from an empty database.
#[tokio::test]
async fn start_up_waits_for_the_migrations() {
    contract::telemetry::init_for_tests();
    let database_url = migrations::test_support::empty_database().await.unwrap();
    let config = programming_api::Config {
        database_url: database_url.clone(),
        redis_url: std::env::var("REDIS_URL").expect("REDIS_URL (eval \"$(./platform env)\")"),
        keys: contract::Keys::new(format!("test-{}:", uuid::Uuid::new_v4())),
        port: 0,
        admin: None,
        limits: programming_api::RateLimits::default(),
        trusted_proxies: Default::default(),
        http: Default::default(),
        check_wait: std::time::Duration::from_secs(20),
    };
    let building = tokio::spawn(programming_api::build(config));
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert!(
        !building.is_finished(),
        "the API started on an empty database"
    );

    migrations::migrate(&database_url).await.unwrap();
    let app = tokio::time::timeout(std::time::Duration::from_secs(15), building)
        .await
        .expect("the API starts once migrated")
        .unwrap();
    assert!(app.is_ok(), "building the API failed: {:?}", app.err());
}
