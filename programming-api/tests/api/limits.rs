//! Rate limits (API.md "Limits"): 429 `rate_limited` with `Retry-After` once a window
//! is used up, counted per learner, per client address and per admin username.

use std::time::Duration;

use contract::client_address::TrustedProxies;
use programming_api::Limit;
use reqwest::header::RETRY_AFTER;
use reqwest::{Response, StatusCode};
use serde_json::json;

use crate::helpers::{assert_error, spawn_app_with, TestApp, ADMIN_PASSWORD, ADMIN_USERNAME};

fn per_minute(max: u32) -> Option<Limit> {
    Some(Limit {
        max,
        window: Duration::from_secs(60),
    })
}

/// Asserts a 429 whose `Retry-After` is within the window.
async fn assert_limited(response: Response) {
    let retry_after: u64 = response
        .headers()
        .get(RETRY_AFTER)
        .expect("a Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (1..=60).contains(&retry_after),
        "Retry-After: {retry_after}"
    );
    assert_error(response, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

async fn create_learner_from(app: &TestApp, address: Option<&str>) -> Response {
    let mut request = app.client.post(app.url("/api/users"));
    if let Some(address) = address {
        request = request.header("X-Real-IP", address);
    }
    request.send().await.unwrap()
}

async fn login_from(app: &TestApp, address: &str, username: &str, password: &str) -> Response {
    app.client
        .post(app.url("/api/admin/login"))
        .header("X-Real-IP", address)
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_learner_over_the_submission_limit_gets_429_and_others_do_not() {
    let app = spawn_app_with(|config| config.limits.submissions = per_minute(3)).await;
    let (_, token) = app.new_learner().await;
    let (_, other) = app.new_learner().await;
    let id = app.assignment_ids().await[0];
    // Refused attempts (409 while one is open) count too: the limit is on requests.
    assert_eq!(
        app.submit(&token, id, "a").await.status(),
        StatusCode::ACCEPTED
    );
    assert_eq!(
        app.submit(&token, id, "b").await.status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.submit(&token, id, "c").await.status(),
        StatusCode::CONFLICT
    );
    assert_limited(app.submit(&token, id, "d").await).await;
    assert_eq!(
        app.submit(&other, id, "a").await.status(),
        StatusCode::ACCEPTED
    );
}

#[tokio::test]
async fn new_learners_are_limited_per_client_address() {
    let app = spawn_app_with(|config| config.limits.new_learners = per_minute(2)).await;
    for _ in 0..2 {
        assert_eq!(
            create_learner_from(&app, None).await.status(),
            StatusCode::CREATED
        );
    }
    assert_limited(create_learner_from(&app, None).await).await;
    // Without trusted proxies, a client cannot name another address to get round it.
    assert_limited(create_learner_from(&app, Some("198.51.100.1")).await).await;
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_address_counts_apart() {
    let app = spawn_app_with(|config| {
        config.limits.new_learners = per_minute(2);
        config.trusted_proxies = TrustedProxies::loopback();
    })
    .await;
    for _ in 0..2 {
        let response = create_learner_from(&app, Some("198.51.100.1")).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    assert_limited(create_learner_from(&app, Some("198.51.100.1")).await).await;
    // Another client behind the same proxy, and the proxy's own requests, still pass.
    let response = create_learner_from(&app, Some("198.51.100.2")).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        create_learner_from(&app, None).await.status(),
        StatusCode::CREATED
    );
    // IPv6 clients count per /64.
    for address in ["2001:db8::1", "2001:db8::2"] {
        let response = create_learner_from(&app, Some(address)).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    assert_limited(create_learner_from(&app, Some("2001:db8::3")).await).await;
}

#[tokio::test]
async fn wrong_admin_logins_in_a_row_are_slowed_down_per_address_and_per_name() {
    let app = spawn_app_with(|config| {
        config.limits.admin_logins_per_address = per_minute(5);
        config.limits.admin_logins_per_username = per_minute(8);
        config.trusted_proxies = TrustedProxies::loopback();
    })
    .await;
    // 50 wrong logins from one address: the first 5 are answered 401, then 429.
    let mut statuses = Vec::new();
    for attempt in 0..50 {
        let response = login_from(&app, "203.0.113.1", &format!("guess{attempt}"), "x").await;
        statuses.push(response.status().as_u16());
        if attempt == 49 {
            assert_limited(response).await;
        }
    }
    assert_eq!(
        statuses.iter().filter(|&&s| s == 401).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|&&s| s == 429).count(),
        45,
        "{statuses:?}"
    );

    // One name guessed from many addresses: 8 attempts, then 429 from any address,
    // however the name is spelled.
    for attempt in 0..8 {
        let response = login_from(
            &app,
            &format!("203.0.113.{}", 10 + attempt),
            ADMIN_USERNAME,
            "x",
        )
        .await;
        assert_error(response, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
    let shouted = format!(" {} ", ADMIN_USERNAME.to_uppercase());
    assert_limited(login_from(&app, "203.0.113.99", &shouted, "x").await).await;
    // Another account's name from a fresh address is not affected.
    let response = login_from(&app, "203.0.113.100", "someone-else", "x").await;
    assert_error(response, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    // The right password does not lift the limit for that name while the window lasts.
    assert_limited(login_from(&app, "203.0.113.101", ADMIN_USERNAME, ADMIN_PASSWORD).await).await;
}

#[tokio::test]
async fn without_redis_the_limits_hold_in_the_process_and_nothing_fails() {
    let app = spawn_app_with(|config| {
        // Nothing listens on port 1: every Redis call fails at once.
        config.redis_url = "redis://127.0.0.1:1/".to_owned();
        config.limits.new_learners = per_minute(2);
    })
    .await;
    for _ in 0..2 {
        assert_eq!(
            create_learner_from(&app, None).await.status(),
            StatusCode::CREATED
        );
    }
    assert_limited(create_learner_from(&app, None).await).await;
}
