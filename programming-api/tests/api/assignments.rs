use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{assert_error, spawn_app};

#[tokio::test]
async fn the_list_is_in_course_order_and_served_from_the_cache() {
    let app = spawn_app().await;
    let (_, token) = app.new_learner().await;
    let ids = app.assignment_ids().await;
    assert!(ids.len() >= 2, "the seeded catalog has several assignments");
    assert!(!app.redis_exists(&app.keys.assignment_list_cache()).await);

    let body: Value = app.get_json("/api/assignments", &token).await;
    let list = body["assignments"].as_array().unwrap();
    let listed: Vec<i64> = list.iter().map(|a| a["id"].as_i64().unwrap()).collect();
    assert_eq!(listed, ids);
    for (index, assignment) in list.iter().enumerate() {
        for field in ["title", "order", "language", "points"] {
            assert!(
                !assignment[field].is_null(),
                "{field} missing in {assignment}"
            );
        }
        assert_eq!(assignment["completed"], false);
        if index > 0 {
            assert!(assignment["order"].as_i64() > list[index - 1]["order"].as_i64());
        }
    }
    assert!(app.redis_exists(&app.keys.assignment_list_cache()).await);

    // A change made behind the caches' back is not seen until they expire: proof that the
    // second read came from a cache (this process's copy, kept for a second, or Redis).
    sqlx::query("UPDATE assignments SET title = 'Renamed' WHERE id = $1")
        .bind(ids[0])
        .execute(&app.db)
        .await
        .unwrap();
    let again: Value = app.get_json("/api/assignments", &token).await;
    assert_eq!(again["assignments"][0]["title"], list[0]["title"]);
    app.redis_del(&app.keys.assignment_list_cache()).await;
    // The process's own copy lasts a second.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let fresh: Value = app.get_json("/api/assignments", &token).await;
    assert_eq!(fresh["assignments"][0]["title"], "Renamed");
}

#[tokio::test]
async fn the_detail_never_contains_hidden_code() {
    let app = spawn_app().await;
    let (_, token) = app.new_learner().await;
    let id = app.assignment_ids().await[0];
    let (test_code, reference): (String, String) =
        sqlx::query_as("SELECT test_code, reference_solution FROM assignments WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    for _ in 0..2 {
        // The first read fills the cache, the second is served from it.
        let response = app
            .get(&format!("/api/assignments/{id}"), &token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let text = response.text().await.unwrap();
        let body: Value = serde_json::from_str(&text).unwrap();
        let assignment = &body["assignment"];
        assert_eq!(assignment["id"], id);
        for field in [
            "title",
            "order",
            "language",
            "points",
            "handout",
            "starter_code",
        ] {
            assert!(!assignment[field].is_null(), "{field} missing");
        }
        assert!(
            assignment.get("test_code").is_none() && assignment.get("reference_solution").is_none()
        );
        assert!(!text.contains(test_code.trim()) && !text.contains(reference.trim()));
    }
    assert!(app.redis_exists(&app.keys.assignment_cache(id)).await);
}

#[tokio::test]
async fn unknown_and_malformed_assignment_ids() {
    let app = spawn_app().await;
    let (_, token) = app.new_learner().await;
    let response = app
        .get("/api/assignments/999999", &token)
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    let response = app
        .get("/api/assignments/abc", &token)
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::BAD_REQUEST, "invalid_path").await;
}

#[tokio::test]
async fn progress_starts_at_the_first_assignment_and_advances_after_a_pass() {
    let app = spawn_app().await;
    let (user_id, token) = app.new_learner().await;
    let ids = app.assignment_ids().await;
    let progress: Value = app.get_json("/api/me/progress", &token).await;
    assert_eq!(progress["points"], 0);
    assert_eq!(progress["completed"], serde_json::json!([]));
    assert_eq!(progress["total"], ids.len());
    assert!(progress["total_points"].as_i64().unwrap() > 0);
    assert_eq!(progress["next_assignment_id"], ids[0]);
    assert!(app.redis_exists(&app.keys.progress_cache(user_id)).await);

    // What a grader does when a submission passes: store the verdict, drop the cache entry.
    let response = app.submit(&token, ids[0], "print('hello')").await;
    let body: Value = response.json().await.unwrap();
    // While a submission is open a pass may land at any moment, so nothing is cached
    // that a grader's invalidation could race with.
    app.redis_del(&app.keys.progress_cache(user_id)).await;
    app.get("/api/me/progress", &token).send().await.unwrap();
    assert!(!app.redis_exists(&app.keys.progress_cache(user_id)).await);
    app.mark_passed(body["submission"]["id"].as_str().unwrap())
        .await;
    app.redis_del(&app.keys.progress_cache(user_id)).await;

    let progress: Value = app.get_json("/api/me/progress", &token).await;
    assert_eq!(progress["completed"], serde_json::json!([ids[0]]));
    assert_eq!(progress["next_assignment_id"], ids[1]);
    assert!(progress["points"].as_i64().unwrap() > 0);
    let list: Value = app.get_json("/api/assignments", &token).await;
    assert_eq!(list["assignments"][0]["completed"], true);
    assert_eq!(list["assignments"][1]["completed"], false);
}
