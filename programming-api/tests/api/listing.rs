use reqwest::StatusCode;
use serde_json::Value;
use uuid::Uuid;

use crate::helpers::{assert_error, spawn_app};

#[tokio::test]
async fn learners_see_only_their_own_submissions() {
    let app = spawn_app().await;
    let (_, token) = app.new_learner().await;
    let (_, intruder) = app.new_learner().await;
    let id = app.assignment_ids().await[0];
    let body: Value = app.submit(&token, id, "x = 1").await.json().await.unwrap();
    let submission_id = body["submission"]["id"].as_str().unwrap();
    let response = app
        .get(&format!("/api/submissions/{submission_id}"), &intruder)
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    let response = app
        .get(&format!("/api/submissions/{}", Uuid::new_v4()), &token)
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    let response = app
        .get("/api/submissions/not-a-uuid", &token)
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::BAD_REQUEST, "invalid_path").await;
    let mine: Value = app.get_json("/api/me/submissions", &intruder).await;
    assert_eq!(mine["total"], 0);
}

#[tokio::test]
async fn my_submissions_are_paged_newest_first_and_filterable() {
    let app = spawn_app().await;
    let (_, token) = app.new_learner().await;
    let ids = app.assignment_ids().await;
    let mut created = Vec::new();
    for (n, assignment) in [ids[0], ids[1], ids[0]].into_iter().enumerate() {
        let body: Value = app
            .submit(&token, assignment, &format!("print({n})"))
            .await
            .json()
            .await
            .unwrap();
        let submission_id = body["submission"]["id"].as_str().unwrap().to_owned();
        app.mark_passed(&submission_id).await;
        created.push(submission_id);
    }
    let page: Value = app
        .get_json("/api/me/submissions?page=1&per_page=2", &token)
        .await;
    assert_eq!(
        (
            page["page"].as_i64(),
            page["per_page"].as_i64(),
            page["total"].as_i64()
        ),
        (Some(1), Some(2), Some(3))
    );
    let listed: Vec<&str> = page["submissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, vec![created[2].as_str(), created[1].as_str()]);
    let page2: Value = app
        .get_json("/api/me/submissions?page=2&per_page=2", &token)
        .await;
    assert_eq!(page2["submissions"][0]["id"], created[0].as_str());
    let filtered: Value = app
        .get_json(
            &format!(
                "/api/me/submissions?assignment_id={}&page=1&per_page=20",
                ids[0]
            ),
            &token,
        )
        .await;
    assert_eq!(filtered["total"], 2);
    let defaults: Value = app
        .get_json("/api/me/submissions?assignment_id=", &token)
        .await;
    assert_eq!(
        (
            defaults["page"].as_i64(),
            defaults["per_page"].as_i64(),
            defaults["total"].as_i64()
        ),
        (Some(1), Some(20), Some(3))
    );

    for bad in [
        "page=0",
        "per_page=0",
        "per_page=101",
        "page=x",
        "assignment_id=abc",
    ] {
        let response = app
            .get(&format!("/api/me/submissions?{bad}"), &token)
            .send()
            .await
            .unwrap();
        assert_error(response, StatusCode::BAD_REQUEST, "invalid_query").await;
    }
}
