use reqwest::header::{COOKIE, SET_COOKIE};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_error, spawn_app, ADMIN_PASSWORD, ADMIN_USERNAME};

#[tokio::test]
async fn a_new_learner_gets_a_token_that_works_as_bearer_and_as_cookie() {
    let app = spawn_app().await;
    // An empty body and `{}` are both fine.
    let response = app
        .client
        .post(app.url("/api/users"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let cookie = response.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    let body: Value = response.json().await.unwrap();
    let token = body["token"].as_str().unwrap();
    assert!(body["user"]["id"].as_str().is_some());
    assert!(
        cookie.starts_with(&format!("cp_session={token};")),
        "{cookie}"
    );
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=31536000"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }

    let by_bearer = app.get("/api/me/progress", token).send().await.unwrap();
    assert_eq!(by_bearer.status(), StatusCode::OK);
    let by_cookie = app
        .client
        .get(app.url("/api/me/progress"))
        .header(COOKIE, format!("other=1; cp_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(by_cookie.status(), StatusCode::OK);
}

#[tokio::test]
async fn learner_endpoints_need_a_valid_token() {
    let app = spawn_app().await;
    for path in [
        "/api/assignments",
        "/api/assignments/1",
        "/api/me/progress",
        "/api/me/submissions",
    ] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
        let response = app.get(path, "not-a-real-token").send().await.unwrap();
        assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
    }
    let response = app
        .client
        .post(app.url("/api/assignments/1/submissions"))
        .json(&json!({ "code": "x" }))
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::UNAUTHORIZED, "unauthenticated").await;
}

#[tokio::test]
async fn the_configured_admin_can_log_in_and_nobody_else() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/admin/login"))
        .json(&json!({ "username": ADMIN_USERNAME, "password": ADMIN_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[SET_COOKIE]
        .to_str()
        .unwrap()
        .starts_with("cp_session="));
    let body: Value = response.json().await.unwrap();
    let token = body["token"].as_str().unwrap();
    let role: String = sqlx::query_scalar("SELECT u.role FROM users u WHERE u.username = $1")
        .bind(ADMIN_USERNAME)
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(role, "admin");
    assert_eq!(
        app.get("/api/me/progress", token)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );

    for (username, password) in [(ADMIN_USERNAME, "wrong"), ("nobody", ADMIN_PASSWORD)] {
        let response = app
            .client
            .post(app.url("/api/admin/login"))
            .json(&json!({ "username": username, "password": password }))
            .send()
            .await
            .unwrap();
        assert_error(response, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
}
