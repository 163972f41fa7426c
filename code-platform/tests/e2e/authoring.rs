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
