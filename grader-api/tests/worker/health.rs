//! The grader's health, readiness and metrics endpoints.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use contract::Status;
use tower::ServiceExt;

use crate::helpers::{until_final, TestEnv};
use crate::test_sandbox::TestSandbox;

pub(crate) async fn get(router: &Router, path: &str) -> (StatusCode, String) {
    let request = Request::get(path).body(Body::empty()).unwrap();
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

#[tokio::test]
async fn ready_reflects_the_sandbox_and_health_is_always_ok() {
    let env = TestEnv::new().await;
    let sandbox = Arc::new(TestSandbox::new());
    let grader = env.spawn(sandbox.clone()).await;

    let (status, body) = get(&grader.router, "/api/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["status"],
        "ok"
    );
    assert_eq!(get(&grader.router, "/api/ready").await.0, StatusCode::OK);

    sandbox.set_sick(true);
    let (status, body) = get(&grader.router, "/api/ready").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["error"]["code"], "unavailable");
    assert!(body["error"]["message"].as_str().unwrap().contains("test"));
    assert_eq!(get(&grader.router, "/api/health").await.0, StatusCode::OK);
    grader.stop().await;
}

#[tokio::test]
async fn metrics_count_graded_jobs() {
    let env = TestEnv::new().await;
    let grader = env.spawn(Arc::new(TestSandbox::new())).await;
    let (_, body) = get(&grader.router, "/metrics").await;
    assert!(
        body.contains("grader_jobs_total{outcome=\"passed\"} 0\n"),
        "{body}"
    );
    assert!(body.contains("grader_slots 2\n"), "{body}");

    let (user, id) = env
        .insert_submission("print('Hello')", Status::Queued)
        .await;
    let mut events = env.subscribe(user).await;
    env.enqueue(id).await;
    until_final(&mut events).await;
    let (status, body) = get(&grader.router, "/metrics").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body.contains("grader_jobs_total{outcome=\"passed\"} 1\n"),
        "{body}"
    );
    assert!(
        body.contains("grader_job_duration_seconds_count 1\n"),
        "{body}"
    );
    grader.stop().await;
}
