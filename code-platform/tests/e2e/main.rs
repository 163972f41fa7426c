//! End to end over HTTP and a real WebSocket: submit, grade in Docker, see it live.

mod authoring;
mod helpers;
mod io_cases;
mod teaching;
mod transfer;
mod ui;

use std::time::Instant;

use helpers::{spawn_platform, statuses_until_final};

const HELLO: &str = "def hello():\n    return \"Hello\"\n";
const HELLO_WRONG: &str = "def hello():\n    return \"hello\"\n";

#[tokio::test]
async fn reference_solution_streams_running_then_passed_and_progress_advances() {
    let platform = spawn_platform().await;
    let learner = platform.learner().await;
    let hello = platform.assignment_id(&learner, 1).await;
    let hello_world = platform.assignment_id(&learner, 2).await;
    assert_eq!(
        learner.get("/api/me/progress").await.1["next_assignment_id"],
        hello
    );

    let mut socket = learner.connect().await;
    let (status, body) = learner.submit(hello, HELLO).await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["submission"]["status"], "queued");
    assert_eq!(body["submission"]["user_id"], learner.id.as_str());
    let id = body["submission"]["id"].as_str().unwrap();

    let (seen, last) = statuses_until_final(&mut socket, id).await;
    assert_eq!(seen, ["running", "passed"]);
    assert_eq!(last["verdict"], serde_json::Value::Null);
    assert!(last["tests"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["passed"] == true));
    assert!(!last["tests"].as_array().unwrap().is_empty());
    // The runner times each test.
    assert!(last["tests"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["duration_ms"].is_u64()));

    let (_, stored) = learner.get(&format!("/api/submissions/{id}")).await;
    assert_eq!(stored["submission"]["status"], "passed");
    let (_, progress) = learner.get("/api/me/progress").await;
    assert_eq!(progress["next_assignment_id"], hello_world);
    assert_eq!(progress["completed"], serde_json::json!([hello]));
    assert!(progress["points"].as_i64().unwrap() > 0);
    let (_, list) = learner.get("/api/assignments").await;
    assert_eq!(list["assignments"][0]["completed"], true);
    assert_eq!(list["assignments"][1]["completed"], false);
}

#[tokio::test]
async fn wrong_solution_fails_with_the_failing_tests_message() {
    let platform = spawn_platform().await;
    let learner = platform.learner().await;
    let hello = platform.assignment_id(&learner, 1).await;
    let mut socket = learner.connect().await;

    let (status, body) = learner.submit(hello, HELLO_WRONG).await;
    assert_eq!(status, 202, "{body}");
    let id = body["submission"]["id"].as_str().unwrap();
    let (seen, last) = statuses_until_final(&mut socket, id).await;
    assert_eq!(seen, ["running", "failed"]);
    assert_eq!(last["verdict"], "tests_failed");
    let failing = last["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["passed"] == false)
        .expect("a failing test");
    assert_eq!(failing["name"], "test_returns_hello");
    let message = failing["message"].as_str().unwrap();
    assert!(message.contains("'hello' != 'Hello'"), "{message}");
    assert_eq!(
        learner.get("/api/me/progress").await.1["next_assignment_id"],
        hello
    );
}

#[tokio::test]
async fn learners_are_isolated_and_one_submission_is_open_at_a_time() {
    let platform = spawn_platform().await;
    let first = platform.learner().await;
    let second = platform.learner().await;
    let hello = platform.assignment_id(&first, 1).await;
    let mut socket = first.connect().await;

    let (status, body) = first.submit(hello, HELLO).await;
    assert_eq!(status, 202);
    let id = body["submission"]["id"].as_str().unwrap().to_owned();
    // Grading takes far longer than this request: the first one is still open.
    let (status, conflict) = first.submit(hello, HELLO_WRONG).await;
    assert_eq!(status, 409, "{conflict}");
    assert_eq!(conflict["error"]["code"], "submission_in_progress");

    let (status, hidden) = second.get(&format!("/api/submissions/{id}")).await;
    assert_eq!(status, 404);
    assert!(hidden["error"]["code"].is_string());
    let (_, theirs) = second.get("/api/me/submissions").await;
    assert_eq!(theirs["total"], 0);

    statuses_until_final(&mut socket, &id).await;
    // Once graded, the next submission is accepted again.
    let (status, _) = first.submit(hello, HELLO_WRONG).await;
    assert_eq!(status, 202);
}

/// Not a test but a benchmark (`./platform bench`): time from POST to the final
/// WebSocket frame for "Hello", 20 times, each with distinct code so nothing is reused.
#[tokio::test]
#[ignore = "benchmark: run with ./platform bench"]
async fn bench_hello_post_to_final_frame() {
    let platform = spawn_platform().await;
    let learner = platform.learner().await;
    let hello = platform.assignment_id(&learner, 1).await;
    let mut socket = learner.connect().await;
    let mut millis = Vec::new();
    for run in 0..21 {
        let code = format!("{HELLO}# run {run}\n");
        let started = Instant::now();
        let (status, body) = learner.submit(hello, &code).await;
        assert_eq!(status, 202, "{body}");
        let id = body["submission"]["id"].as_str().unwrap().to_owned();
        let (_, last) = statuses_until_final(&mut socket, &id).await;
        assert_eq!(last["status"], "passed");
        if run > 0 {
            // The first run warms caches and connections; it is not counted.
            millis.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    millis.sort_by(f64::total_cmp);
    let median = (millis[9] + millis[10]) / 2.0;
    println!(
        "hello POST -> final frame over {} runs: median {median:.0} ms, min {:.0} ms, p90 {:.0} ms, max {:.0} ms",
        millis.len(),
        millis[0],
        millis[17],
        millis[19]
    );
}
