use deadpool_redis::redis;
use reqwest::StatusCode;
use serde_json::Value;
use uuid::Uuid;

use crate::helpers::{assert_error, spawn_app, spawn_app_with};

async fn stream_entries(app: &crate::helpers::TestApp) -> Vec<String> {
    let mut conn = app.redis.get().await.unwrap();
    let reply: redis::streams::StreamRangeReply = redis::cmd("XRANGE")
        .arg(app.keys.submission_stream())
        .arg("-")
        .arg("+")
        .query_async(&mut conn)
        .await
        .unwrap();
    reply
        .ids
        .iter()
        .map(|entry| {
            entry
                .get::<String>("submission_id")
                .expect("submission_id field")
        })
        .collect()
}

#[tokio::test]
async fn a_submission_is_queued_on_the_stream_and_a_second_one_conflicts() {
    let app = spawn_app().await;
    let (user_id, token) = app.new_learner().await;
    let id = app.assignment_ids().await[0];
    let response = app.submit(&token, id, "print('hi')").await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let body: Value = response.json().await.unwrap();
    let submission = &body["submission"];
    assert_eq!(submission["status"], "queued");
    assert_eq!(submission["verdict"], Value::Null);
    assert_eq!(submission["assignment_id"], id);
    assert_eq!(submission["user_id"], user_id.to_string());
    assert_eq!(submission["code"], "print('hi')");
    assert_eq!(submission["tests"], serde_json::json!([]));
    let submission_id = submission["id"].as_str().unwrap().to_owned();
    assert_eq!(stream_entries(&app).await, vec![submission_id.clone()]);

    let again = app.submit(&token, id, "print('other')").await;
    assert_error(again, StatusCode::CONFLICT, "submission_in_progress").await;
    assert_eq!(
        stream_entries(&app).await.len(),
        1,
        "a refused submission is not queued"
    );

    let fetched: Value = app
        .get_json(&format!("/api/submissions/{submission_id}"), &token)
        .await;
    assert_eq!(fetched["submission"], body["submission"]);
}

#[tokio::test]
async fn identical_code_reuses_a_deterministic_verdict_and_clears_progress() {
    let app = spawn_app().await;
    let (user_id, token) = app.new_learner().await;
    let id = app.assignment_ids().await[0];
    let first: Value = app
        .submit(&token, id, "print('Hello')")
        .await
        .json()
        .await
        .unwrap();
    app.mark_passed(first["submission"]["id"].as_str().unwrap())
        .await;
    // Fill the progress cache, as a page load would.
    app.get("/api/me/progress", &token).send().await.unwrap();
    assert!(app.redis_exists(&app.keys.progress_cache(user_id)).await);

    // Another learner sending the same code gets the same verdict at once.
    let (other_id, other_token) = app.new_learner().await;
    app.get("/api/me/progress", &other_token)
        .send()
        .await
        .unwrap();
    let response = app.submit(&other_token, id, "print('Hello')").await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    let reused = &body["submission"];
    assert_eq!(reused["status"], "passed");
    assert_eq!(reused["user_id"], other_id.to_string());
    assert_ne!(reused["id"], first["submission"]["id"]);
    assert_eq!(reused["tests"][0]["name"], "t1");
    assert_eq!(reused["duration_ms"], 12);
    assert!(reused["graded_at"].is_string());
    assert!(!app.redis_exists(&app.keys.progress_cache(other_id)).await);
    assert_eq!(
        stream_entries(&app).await.len(),
        1,
        "a reused verdict is not queued"
    );
    let progress: Value = app.get_json("/api/me/progress", &other_token).await;
    assert_eq!(progress["completed"], serde_json::json!([id]));

    // Different code is graded afresh.
    let response = app.submit(&other_token, id, "print('Hello') ").await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
}

#[tokio::test]
async fn limits_and_platform_errors_are_not_reused() {
    let app = spawn_app().await;
    let (_, token) = app.new_learner().await;
    let id = app.assignment_ids().await[0];
    let first: Value = app
        .submit(&token, id, "while True: pass")
        .await
        .json()
        .await
        .unwrap();
    let first_id: Uuid = first["submission"]["id"].as_str().unwrap().parse().unwrap();
    sqlx::query("UPDATE submissions SET status = 'failed', verdict = 'time_limit', graded_at = now() WHERE id = $1")
        .bind(first_id)
        .execute(&app.db)
        .await
        .unwrap();
    let response = app.submit(&token, id, "while True: pass").await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
}

#[tokio::test]
async fn without_redis_reads_still_work_and_submitting_fails_cleanly() {
    // Nothing listens on port 1: every Redis call fails at once.
    let app = spawn_app_with(|config| config.redis_url = "redis://127.0.0.1:1/".into()).await;
    let (_, token) = app.new_learner().await;
    let id = app.assignment_ids().await[0];
    assert_eq!(
        app.get("/api/assignments", &token)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get(&format!("/api/assignments/{id}"), &token)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/me/progress", &token)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let response = app.submit(&token, id, "print(1)").await;
    assert_error(response, StatusCode::SERVICE_UNAVAILABLE, "unavailable").await;
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM submissions")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(
        rows, 0,
        "a submission that could not be queued is not left behind"
    );
    let response = app.client.get(app.url("/api/ready")).send().await.unwrap();
    assert_error(response, StatusCode::SERVICE_UNAVAILABLE, "unavailable").await;
}

/// A graded submission is answered from Redis (a change behind the cache's back is not
/// seen), another learner still gets 404 from the cached copy, and a regrade drops it.
#[tokio::test]
async fn a_graded_submission_is_cached_until_a_regrade() {
    let app = spawn_app().await;
    let (_, token) = app.new_learner().await;
    let (_, stranger) = app.new_learner().await;
    let body: Value = app
        .submit(&token, app.assignment_ids().await[0], "print('Hello')")
        .await
        .json()
        .await
        .unwrap();
    let id = body["submission"]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/submissions/{id}");
    let key = app.keys.submission_cache(id.parse().unwrap());
    // Open: read from Postgres each time, never cached.
    assert_eq!(
        app.get_json(&path, &token).await["submission"]["status"],
        "queued"
    );
    assert!(!app.redis_exists(&key).await);

    app.mark_passed(&id).await;
    assert_eq!(
        app.get_json(&path, &token).await["submission"]["status"],
        "passed"
    );
    assert!(app.redis_exists(&key).await);
    sqlx::query("UPDATE submissions SET feedback = 'changed behind the cache' WHERE id = $1")
        .bind(id.parse::<Uuid>().unwrap())
        .execute(&app.db)
        .await
        .unwrap();
    let cached = app.get_json(&path, &token).await;
    assert_eq!(cached["submission"]["feedback"], "All tests passed");
    let response = app.get(&path, &stranger).send().await.unwrap();
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;

    let admin = app.admin_token().await;
    let response = app
        .post(&format!("/api/admin/submissions/{id}/regrade"), &admin)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    assert!(!app.redis_exists(&key).await);
    assert_eq!(
        app.get_json(&path, &token).await["submission"]["status"],
        "queued"
    );
}

/// How many cached answers this API found in its own memory (`near.rs`), from `/metrics`.
async fn near_reads(app: &crate::helpers::TestApp) -> u64 {
    let text = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix("api_cache_requests_total{result=\"near\"} "))
        .expect("the near cache's counter")
        .parse()
        .unwrap()
}

/// Reads `path` until it is answered from the API's memory (its tracking connection
/// starts with it), for at most two seconds; returns that answer.
async fn read_from_memory(app: &crate::helpers::TestApp, path: &str, token: &str) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        let before = near_reads(app).await;
        let answer = app.get_json(path, token).await;
        if near_reads(app).await > before {
            return answer;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{path} was never answered from memory"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Reads `path` until `done` holds of the answer, for at most two seconds.
async fn read_until(
    app: &crate::helpers::TestApp,
    path: &str,
    token: &str,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    loop {
        let answer = app.get_json(path, token).await;
        if done(&answer) || std::time::Instant::now() > deadline {
            return answer;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Progress and graded submissions are answered from the API's memory once read from
/// Redis, and a change made by another process (a grader's pass, another replica's
/// regrade: a `DEL` in Redis) reaches that memory at once, not after its minute.
#[tokio::test]
async fn copies_in_memory_are_used_and_follow_changes_made_elsewhere() {
    let app = spawn_app().await;
    let (user_id, token) = app.new_learner().await;
    let ids = app.assignment_ids().await;
    let first: Value = app
        .submit(&token, ids[0], "print('Hello')")
        .await
        .json()
        .await
        .unwrap();
    let first = first["submission"]["id"].as_str().unwrap().to_owned();
    app.mark_passed(&first).await;

    // Read from Postgres, then Redis, then memory (once the API's tracking is on).
    let progress = read_from_memory(&app, "/api/me/progress", &token).await;
    assert_eq!(progress["completed"], serde_json::json!([ids[0]]));

    // A grader passes another assignment: Postgres, then the `DEL` it sends.
    let second: Value = app
        .submit(&token, ids[1], "print('Hello')")
        .await
        .json()
        .await
        .unwrap();
    app.mark_passed(second["submission"]["id"].as_str().unwrap())
        .await;
    let key = app.keys.progress_cache(user_id);
    let mut conn = app.redis.get().await.unwrap();
    let () = contract::keys::forget_progress(&app.keys, user_id)
        .query_async(&mut conn)
        .await
        .unwrap();
    let seen = std::time::Instant::now();
    let progress = read_until(&app, "/api/me/progress", &token, |progress| {
        progress["completed"]
            .as_array()
            .is_some_and(|ids| ids.len() == 2)
    })
    .await;
    assert_eq!(
        progress["completed"],
        serde_json::json!([ids[0], ids[1]]),
        "a pass stored elsewhere was not seen within {:?}",
        seen.elapsed()
    );
    assert!(app.redis_exists(&key).await);

    // A graded submission: answered from memory, and a `DEL` elsewhere ends that.
    let path = format!("/api/submissions/{first}");
    let answer = read_from_memory(&app, &path, &token).await;
    assert_eq!(answer["submission"]["feedback"], "All tests passed");
    sqlx::query("UPDATE submissions SET feedback = 'regraded elsewhere' WHERE id = $1")
        .bind(first.parse::<Uuid>().unwrap())
        .execute(&app.db)
        .await
        .unwrap();
    let () = contract::keys::forget_submission(&app.keys, first.parse().unwrap())
        .query_async(&mut conn)
        .await
        .unwrap();
    let answer = read_until(&app, &path, &token, |answer| {
        answer["submission"]["feedback"] == "regraded elsewhere"
    })
    .await;
    assert_eq!(answer["submission"]["feedback"], "regraded elsewhere");
}
