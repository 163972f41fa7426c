use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_error, spawn_app};

#[tokio::test]
async fn every_bad_submission_gets_a_specific_4xx() {
    let app = spawn_app().await;
    let (_, token) = app.new_learner().await;
    let id = app.assignment_ids().await[0];
    let path = format!("/api/assignments/{id}/submissions");
    let raw = |body: &'static str| {
        app.post(&path, &token)
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send()
    };

    assert_error(
        raw("{\"code\": ").await.unwrap(),
        StatusCode::BAD_REQUEST,
        "malformed_json",
    )
    .await;
    let body = assert_error(
        raw("{}").await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
    )
    .await;
    assert!(
        body["error"]["message"].as_str().unwrap().contains("code"),
        "{body}"
    );
    let body = assert_error(
        raw("{\"code\": 42}").await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_body",
    )
    .await;
    assert!(
        body["error"]["message"].as_str().unwrap().contains("code"),
        "{body}"
    );

    let too_long = "x".repeat(64 * 1024 + 1);
    let response = app.submit(&token, id, &too_long).await;
    assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "code_too_large").await;
    let response = app
        .post(&path, &token)
        .json(&json!({ "code": "y".repeat(2 * 1024 * 1024) }))
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::PAYLOAD_TOO_LARGE, "body_too_large").await;

    let response = app
        .post(&path, &token)
        .header(CONTENT_TYPE, "text/plain")
        .body("{\"code\":\"x\"}")
        .send()
        .await
        .unwrap();
    assert_error(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;

    let response = app.submit(&token, 999_999, "print(1)").await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    let response = app
        .submit_raw_path(&token, "/api/assignments/nope/submissions")
        .await;
    assert_error(response, StatusCode::BAD_REQUEST, "invalid_path").await;

    // Exactly 64 KiB is still accepted, and none of the rejected ones was stored.
    let response = app.submit(&token, id, &"z".repeat(64 * 1024)).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM submissions")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(rows, 1);
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_in_json() {
    let app = spawn_app().await;
    let (_, token) = app.new_learner().await;
    let response = app.get("/api/nothing-here", &token).send().await.unwrap();
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    let response = app
        .client
        .delete(app.url("/api/assignments"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_error(
        response,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
}

#[tokio::test]
async fn a_bad_login_body_is_rejected_in_json() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/admin/login"))
        .json(&json!({ "username": "x" }))
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_body").await;
}

/// A 422 `unstorable_text` whose message names `field` (any field when empty).
async fn assert_unstorable(response: reqwest::Response, field: &str) {
    let body = assert_error(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "unstorable_text",
    )
    .await;
    assert!(
        body["error"]["message"].as_str().unwrap().contains(field),
        "{body}"
    );
}

/// Postgres `text` cannot hold NUL: such text anywhere in a request is refused with a
/// 422 naming the field, before any handler (or the database) sees it.
#[tokio::test]
async fn nul_in_any_request_text_is_a_422_not_a_500() {
    let app = spawn_app().await;
    let (_, token) = app.new_learner().await;
    let id = app.assignment_ids().await[0];

    let response = app.submit(&token, id, "print(1)\u{0}").await;
    assert_unstorable(response, "`code`").await;
    // In a field the handler ignores, and in a field name, too.
    let response = app
        .post(&format!("/api/assignments/{id}/submissions"), &token)
        .json(&json!({ "code": "print(1)", "extra": ["ok", { "deep": "\u{0}" }] }))
        .send()
        .await
        .unwrap();
    assert_unstorable(response, "extra[1].deep").await;
    let response = app
        .post(&format!("/api/assignments/{id}/submissions"), &token)
        .header(CONTENT_TYPE, "application/json")
        .body(r#"{"code": "x", "a\u0000b": 1}"#)
        .send()
        .await
        .unwrap();
    assert_unstorable(response, "").await;

    for login in [
        json!({ "username": "teacher\u{0}", "password": "x" }),
        json!({ "username": "teacher", "password": "\u{0}" }),
    ] {
        let response = app
            .client
            .post(app.url("/api/admin/login"))
            .json(&login)
            .send()
            .await
            .unwrap();
        assert_unstorable(response, "").await;
    }

    for query in ["assignment_id=%00", "page=1%002", "x%00=1"] {
        let response = app
            .get(&format!("/api/me/submissions?{query}"), &token)
            .send()
            .await
            .unwrap();
        assert_unstorable(response, "").await;
    }

    // Text without NUL, control characters included, is stored as sent.
    let code = "print('\u{1}\u{7f}\u{202e}é')";
    let response = app.submit(&token, id, code).await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let stored: Vec<String> = sqlx::query_scalar("SELECT code FROM submissions")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(stored, vec![code.to_owned()]);
}

/// Roles and statuses (and verdicts) are read through their `sqlx::Type`: a name the code
/// does not know (a newer version's, say) is a 500, never a learner or a default status.
#[tokio::test]
async fn an_unknown_role_or_status_in_the_database_is_an_error_not_a_default() {
    let app = spawn_app().await;
    let (_, token) = app.new_learner().await;
    // A session not used before the roles change: the API remembers the sessions it has
    // seen (with their role), so only a fresh one reads the changed role.
    let (_, unused) = app.new_learner().await;
    let response = app
        .submit(&token, app.assignment_ids().await[0], "print('hi')")
        .await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let body: serde_json::Value = response.json().await.unwrap();
    let submission = format!(
        "/api/submissions/{}",
        body["submission"]["id"].as_str().unwrap()
    );
    assert_eq!(
        app.get(&submission, &token).send().await.unwrap().status(),
        StatusCode::OK
    );
    // The CHECK constraints keep such names out of this schema; drop them to get one in.
    for sql in [
        "ALTER TABLE submissions DROP CONSTRAINT submissions_status_check",
        "UPDATE submissions SET status = 'paused'",
    ] {
        sqlx::query(sql).execute(&app.db).await.unwrap();
    }
    assert_error(
        app.get(&submission, &token).send().await.unwrap(),
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
    )
    .await;

    for sql in [
        "ALTER TABLE users DROP CONSTRAINT users_role_check",
        "UPDATE users SET role = 'root'",
    ] {
        sqlx::query(sql).execute(&app.db).await.unwrap();
    }
    assert_error(
        app.get("/api/me/progress", &unused).send().await.unwrap(),
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
    )
    .await;
}
