//! A teacher authors an assignment through the admin API, graded by the real sandbox:
//! a failing reference is refused with the grader's feedback and nothing is saved; a
//! passing one is saved; learners see it once published, solve it, and stop seeing it
//! when it is archived; new tests bump the test version.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{spawn_platform, statuses_until_final};

const TESTS: &str = r#"import unittest

from solution import double


class DoubleTest(unittest.TestCase):
    def test_two(self):
        self.assertEqual(double(2), 4)

    def test_negative(self):
        self.assertEqual(double(-3), -6)
"#;
const REFERENCE: &str = "def double(x):\n    return 2 * x\n";
const WRONG: &str = "def double(x):\n    return x + x + 1\n";

fn draft(reference: &str, published: bool) -> Value {
    json!({ "title": "Double it", "handout": "# Double it\n\nReturn twice `x`.",
            "starter_code": "def double(x):\n    pass\n", "test_code": TESTS,
            "reference_solution": reference, "points": 10, "time_limit_ms": 3000,
            "memory_limit_mb": 64, "published": published })
}

fn titles(list: &Value) -> Vec<String> {
    list["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_teacher_authors_publishes_and_archives_an_assignment() {
    let platform = spawn_platform().await;
    let admin = platform.admin().await;
    let learner = platform.learner().await;
    let path = "/api/admin/assignments";

    // Learners never reach the admin section: 403, and 401 without a session.
    assert_eq!(learner.send(Method::GET, path, None).await.0, 403);
    let anonymous = reqwest::Client::new()
        .get(platform.url(path))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let (status, before) = admin.send(Method::GET, path, None).await;
    assert_eq!(status, 200, "{before}");
    let catalog_size = before["assignments"].as_array().unwrap().len();
    assert!(before["assignments"][0]["test_code"].is_string());

    // A reference that fails its tests is refused with the grader's per-test feedback.
    let (status, refused) = admin
        .send(Method::POST, path, Some(draft(WRONG, false)))
        .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["code"], "reference_failed");
    assert_eq!(refused["error"]["check"]["status"], "failed");
    assert_eq!(refused["error"]["check"]["verdict"], "tests_failed");
    let failed: Vec<&Value> = refused["error"]["check"]["tests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["passed"] == false)
        .collect();
    assert_eq!(failed.len(), 2, "{refused}");
    let (_, after) = admin.send(Method::GET, path, None).await;
    assert_eq!(after["assignments"].as_array().unwrap().len(), catalog_size);

    // A passing one is saved, unpublished: learners do not see it yet.
    let (status, created) = admin
        .send(Method::POST, path, Some(draft(REFERENCE, false)))
        .await;
    assert_eq!(status, 201, "{created}");
    let assignment = &created["assignment"];
    let id = assignment["id"].as_i64().unwrap();
    assert_eq!(assignment["origin"], "teacher");
    assert_eq!(assignment["test_version"], 1);
    assert_eq!(assignment["order"], catalog_size as i64 + 1);
    assert!(!titles(&learner.get("/api/assignments").await.1).contains(&"Double it".to_owned()));
    assert_eq!(learner.get(&format!("/api/assignments/{id}")).await.0, 404);
    assert_eq!(learner.submit(id, REFERENCE).await.0, 404);

    // Published, it is the last of the course; a learner solves it.
    let one = format!("{path}/{id}");
    let (status, saved) = admin
        .send(Method::PUT, &one, Some(draft(REFERENCE, true)))
        .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(
        saved["assignment"]["test_version"], 1,
        "same tests, same version"
    );
    assert!(titles(&learner.get("/api/assignments").await.1).contains(&"Double it".to_owned()));
    let mut socket = learner.connect().await;
    let (status, submitted) = learner.submit(id, REFERENCE).await;
    assert_eq!(status, 202, "{submitted}");
    let submission = submitted["submission"]["id"].as_str().unwrap();
    let (_, last) = statuses_until_final(&mut socket, submission).await;
    assert_eq!(last["status"], "passed", "{last}");

    // New tests bump the test version; a reference that fails them is refused and the
    // stored assignment stays as it was.
    let mut changed = draft(REFERENCE, true);
    changed["test_code"] = json!(TESTS.replace("double(2), 4", "double(5), 10"));
    let (status, saved) = admin.send(Method::PUT, &one, Some(changed.clone())).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["assignment"]["test_version"], 2);
    changed["reference_solution"] = json!(WRONG);
    changed["title"] = json!("Never saved");
    let (status, refused) = admin.send(Method::PUT, &one, Some(changed)).await;
    assert_eq!(status, 422, "{refused}");
    let (_, stored) = admin.send(Method::GET, &one, None).await;
    assert_eq!(stored["assignment"]["title"], "Double it");

    // Archived: learners stop seeing it, the teacher's list drops it, the submission stays.
    assert_eq!(admin.send(Method::DELETE, &one, None).await.0, 204);
    assert_eq!(admin.send(Method::DELETE, &one, None).await.0, 404);
    assert!(!titles(&learner.get("/api/assignments").await.1).contains(&"Double it".to_owned()));
    assert_eq!(admin.send(Method::GET, &one, None).await.0, 404);
    let (status, kept) = learner.get(&format!("/api/submissions/{submission}")).await;
    assert_eq!(
        (status, &kept["submission"]["status"]),
        (200, &json!("passed"))
    );
}

#[tokio::test]
async fn bad_drafts_are_refused_before_any_grading() {
    let platform = spawn_platform().await;
    let admin = platform.admin().await;
    let path = "/api/admin/assignments";
    for (field, value) in [
        ("title", json!("")),
        ("language", json!("cobol")),
        ("test_code", Value::Null),
        ("time_limit_ms", json!(5)),
        ("io_cases", json!([{ "name": "x" }])),
    ] {
        let mut bad = draft(REFERENCE, true);
        bad[field] = value;
        let (status, body) = admin.send(Method::POST, path, Some(bad)).await;
        assert_eq!(status, 422, "{field}: {body}");
        assert_eq!(body["error"]["code"], "invalid_body", "{field}: {body}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(field),
            "{body}"
        );
    }
    let (status, _) = admin
        .send(
            Method::PUT,
            &format!("{path}/999999"),
            Some(draft(REFERENCE, true)),
        )
        .await;
    assert_eq!(status, 404);
}

/// Tests importing the learner's code as `doubling`, one of them with secrets in its
/// input, expected value and message.
const HIDDEN_TESTS: &str = r#"import unittest

from doubling import double


class DoubleTest(unittest.TestCase):
    def test_two(self):
        self.assertEqual(double(2), 4)

    def test_secret(self):
        self.assertEqual(double(1234567), 2469134, "SECRET-MESSAGE")
"#;
/// Passes `test_two` only, and prints its argument (the hidden test's input).
const NOSY: &str = "def double(x):\n    print('got', x)\n    return 4 if x == 2 else 0\n";
/// What must never reach a learner.
const SECRETS: [&str; 4] = ["SECRET-MESSAGE", "1234567", "2469134", "test_secret"];

fn hidden_draft(visibility: &str) -> Value {
    let mut draft = draft(REFERENCE, true);
    draft["title"] = json!("Double, hidden");
    draft["module_name"] = json!("doubling");
    draft["test_code"] = json!(HIDDEN_TESTS);
    draft["test_visibility"] = json!({ "test_secret": visibility });
    draft
}

fn assert_no_secrets(what: &str, value: &Value) {
    let text = value.to_string();
    for secret in SECRETS {
        assert!(!text.contains(secret), "{what} shows {secret:?}: {text}");
    }
}

fn assert_masked(what: &str, submission: &Value) {
    assert_eq!(submission["status"], "failed", "{what}: {submission}");
    // A shown result says how long its test ran; a hidden one does not.
    let mut tests = submission["tests"].clone();
    assert!(tests[1]["duration_ms"].is_u64(), "{what}: {submission}");
    tests[1].as_object_mut().unwrap().remove("duration_ms");
    assert_eq!(
        tests,
        // unittest runs a class's tests in name order.
        json!([
            { "name": "hidden test 1", "passed": false, "message": null },
            { "name": "test_two", "passed": true, "message": "" },
        ]),
        "{what}"
    );
    assert_no_secrets(what, submission);
}

#[tokio::test]
async fn hidden_tests_reach_learners_as_hidden_test_n_everywhere() {
    let platform = spawn_platform().await;
    let admin = platform.admin().await;
    let learner = platform.learner().await;
    let (status, created) = admin
        .send(
            Method::POST,
            "/api/admin/assignments",
            Some(hidden_draft("hide")),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["assignment"]["module_name"], "doubling");
    assert_eq!(
        created["assignment"]["test_visibility"],
        json!({ "test_secret": "hide" })
    );
    let id = created["assignment"]["id"].as_i64().unwrap();
    assert_no_secrets(
        "the learner's assignment",
        &learner.get(&format!("/api/assignments/{id}")).await.1,
    );

    // The frame, the submission and the history all hide the secret test.
    let mut socket = learner.connect().await;
    let mut teachers = admin.connect().await;
    let (status, submitted) = learner.submit(id, NOSY).await;
    assert_eq!(status, 202, "{submitted}");
    let submission = submitted["submission"]["id"].as_str().unwrap().to_owned();
    let (_, frame) = statuses_until_final(&mut socket, &submission).await;
    assert_masked("the final frame", &frame);
    // The teachers' frame of the same verdict names the hidden test and its message.
    let (seen, teachers_frame) = statuses_until_final(&mut teachers, &submission).await;
    assert_eq!(seen.first().map(String::as_str), Some("queued"), "{seen:?}");
    assert_eq!(teachers_frame["tests"][0]["name"], "test_secret");
    assert!(teachers_frame.to_string().contains("SECRET-MESSAGE"));
    let (_, read) = learner.get(&format!("/api/submissions/{submission}")).await;
    assert_masked("GET /api/submissions/{id}", &read["submission"]);
    assert!(
        read["submission"]["feedback"]
            .as_str()
            .unwrap()
            .starts_with("1 of 2 tests passed.\nhidden test 1 failed."),
        "{read}"
    );
    let (_, history) = learner
        .get(&format!("/api/me/submissions?assignment_id={id}"))
        .await;
    assert_masked("the history", &history["submissions"][0]);
    // The same code again reuses the verdict, still masked.
    let (status, reused) = learner.submit(id, NOSY).await;
    assert_eq!(status, 201, "{reused}");
    assert_masked("a reused verdict", &reused["submission"]);

    // hide_if_fail shows the test while it passes; changing visibility is a new test
    // version, so the earlier (hidden) verdict is not reused for it.
    let (status, saved) = admin
        .send(
            Method::PUT,
            &format!("/api/admin/assignments/{id}"),
            Some(hidden_draft("hide_if_fail")),
        )
        .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["assignment"]["test_version"], 2);
    let (status, submitted) = learner.submit(id, NOSY).await;
    assert_eq!(status, 202, "{submitted}");
    let submission = submitted["submission"]["id"].as_str().unwrap().to_owned();
    let (_, frame) = statuses_until_final(&mut socket, &submission).await;
    assert_masked("hide_if_fail, failing", &frame);
    let (_, frame) = {
        let (status, submitted) = learner.submit(id, REFERENCE).await;
        assert_eq!(status, 202, "{submitted}");
        let submission = submitted["submission"]["id"].as_str().unwrap().to_owned();
        statuses_until_final(&mut socket, &submission).await
    };
    assert_eq!(frame["status"], "passed", "{frame}");
    let names: Vec<&str> = frame["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["test_secret", "test_two"],
        "a passing hide_if_fail test is shown"
    );
}

#[tokio::test]
async fn try_it_grades_any_code_against_an_unsaved_draft() {
    let platform = spawn_platform().await;
    let admin = platform.admin().await;
    let learner = platform.learner().await;
    let path = "/api/admin/assignments/try";
    let body = |code: &str| json!({ "assignment": hidden_draft("hide"), "code": code });

    // Teachers see every test's real name and message, hidden or not.
    let (status, tried) = admin.send(Method::POST, path, Some(body(NOSY))).await;
    assert_eq!(status, 200, "{tried}");
    assert_eq!(tried["check"]["status"], "failed");
    assert_eq!(tried["check"]["verdict"], "tests_failed");
    assert_eq!(tried["check"]["tests"][0]["name"], "test_secret");
    assert!(tried["check"]["tests"][0]["message"]
        .as_str()
        .unwrap()
        .contains("SECRET-MESSAGE"));
    let (status, tried) = admin.send(Method::POST, path, Some(body(REFERENCE))).await;
    assert_eq!((status, &tried["check"]["status"]), (200, &json!("passed")));
    // Nothing was saved.
    let (_, list) = admin
        .send(Method::GET, "/api/admin/assignments", None)
        .await;
    assert!(!titles(&list).contains(&"Double, hidden".to_owned()));

    // The draft is checked like a save; learners are refused; oversized code is 413.
    let mut bad = body(REFERENCE);
    bad["assignment"]["module_name"] = json!("json");
    let (status, refused) = admin.send(Method::POST, path, Some(bad)).await;
    assert_eq!(
        (status, &refused["error"]["code"]),
        (422, &json!("invalid_body"))
    );
    assert!(refused["error"]["message"]
        .as_str()
        .unwrap()
        .contains("module_name"));
    assert_eq!(
        learner
            .send(Method::POST, path, Some(body(REFERENCE)))
            .await
            .0,
        403
    );
    let (status, _) = admin
        .send(Method::POST, path, Some(body(&"#".repeat(70_000))))
        .await;
    assert_eq!(status, 413);
}

/// `./platform bench`: how long a teacher waits for a save, its reference solution graded
/// in the real sandbox (median of 20, after one warm-up).
#[tokio::test]
#[ignore = "a benchmark: ./platform bench"]
async fn bench_save_with_the_reference_graded() {
    let platform = spawn_platform().await;
    let admin = platform.admin().await;
    let (status, created) = admin
        .send(
            Method::POST,
            "/api/admin/assignments",
            Some(draft(REFERENCE, true)),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let one = format!(
        "/api/admin/assignments/{}",
        created["assignment"]["id"].as_i64().unwrap()
    );
    let mut millis = Vec::new();
    for run in 0..21 {
        // A new reference each time, so that each save grades it.
        let mut changed = draft(&format!("{REFERENCE}# take {run}\n"), true);
        changed["title"] = json!(format!("Double it, take {run}"));
        let started = std::time::Instant::now();
        let (status, saved) = admin.send(Method::PUT, &one, Some(changed)).await;
        assert_eq!(status, 200, "{saved}");
        if run > 0 {
            millis.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    millis.sort_by(f64::total_cmp);
    println!(
        "save (PUT, reference graded) over {} runs: median {:.0} ms, min {:.0} ms, p90 {:.0} ms, max {:.0} ms",
        millis.len(),
        (millis[9] + millis[10]) / 2.0,
        millis[0],
        millis[17],
        millis[19]
    );
}
