//! stdin/stdout cases through the API: a teacher saves a Python assignment of cases (its
//! reference graded in the real sandbox), a learner fails a visible and a hidden case and
//! then passes; a hidden case's input and expected output never reach the learner.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{spawn_platform, statuses_until_final};

const REFERENCE: &str = "a, b = map(int, input().split())\nprint(a + b)\n";
/// Right for small numbers only: fails the hidden case.
const SMALL_ONLY: &str =
    "a, b = map(int, input().split())\nprint(a + b if a < 1000 else 'SECRET-GUESS')\n";
const WRONG: &str = "a, b = map(int, input().split())\nprint(a - b)\n";

fn draft(reference: &str) -> Value {
    json!({
        "title": "Sum of two", "handout": "Read two integers, print their sum.",
        "starter_code": "a, b = map(int, input().split())\n",
        "test_code": null, "reference_solution": reference, "time_limit_ms": 2000,
        "memory_limit_mb": 64, "published": true,
        "io_cases": [
            { "name": "small", "input": "1 2\n", "expected_output": "3\n" },
            { "name": "spaces", "input": "  4    5 \n", "expected_output": "9", "compare": "tokens" },
            { "name": "big", "input": "7654321 1234567\n", "expected_output": "8888888\n",
              "visibility": "hide" },
        ]
    })
}

fn names_and_passes(submission: &Value) -> Vec<(String, bool)> {
    submission["tests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().to_owned(),
                t["passed"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_stdin_stdout_assignment_is_authored_graded_and_hidden_cases_stay_hidden() {
    let platform = spawn_platform().await;
    let admin = platform.admin().await;
    let learner = platform.learner().await;
    let path = "/api/admin/assignments";

    // A reference that fails a case is refused with the case's name and what differed.
    let (status, refused) = admin.send(Method::POST, path, Some(draft(WRONG))).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["code"], "reference_failed", "{refused}");
    assert!(
        refused
            .to_string()
            .contains("line 1: expected '3', got '-1'"),
        "{refused}"
    );
    // An unknown language is refused before any grading.
    let mut cobol = draft(REFERENCE);
    cobol["language"] = json!("cobol");
    let (status, refused) = admin.send(Method::POST, path, Some(cobol)).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["code"], "invalid_body", "{refused}");
    assert!(refused.to_string().contains("cobol"), "{refused}");

    let (status, created) = admin.send(Method::POST, path, Some(draft(REFERENCE))).await;
    assert_eq!(status, 201, "{created}");
    let assignment = &created["assignment"];
    assert_eq!(assignment["test_code"], Value::Null);
    assert_eq!(assignment["io_cases"][1]["compare"], "tokens");
    assert_eq!(assignment["io_cases"][0]["compare"], "lines", "the default");
    assert_eq!(assignment["io_cases"][2]["visibility"], "hide");
    let id = assignment["id"].as_i64().unwrap();
    let (_, seen) = learner.get(&format!("/api/assignments/{id}")).await;
    assert!(!seen.to_string().contains("7654321"), "{seen}");

    let mut socket = learner.connect().await;
    let mut teachers = admin.connect().await;
    for (code, expected) in [
        (
            WRONG,
            vec![
                ("small", false),
                ("spaces", false),
                ("hidden test 1", false),
            ],
        ),
        (
            SMALL_ONLY,
            vec![("small", true), ("spaces", true), ("hidden test 1", false)],
        ),
        (
            REFERENCE,
            vec![("small", true), ("spaces", true), ("hidden test 1", true)],
        ),
    ] {
        let (status, submitted) = learner.submit(id, code).await;
        assert_eq!(status, 202, "{submitted}");
        let submission = submitted["submission"]["id"].as_str().unwrap().to_owned();
        let (_, frame) = statuses_until_final(&mut socket, &submission).await;
        let expected: Vec<(String, bool)> = expected
            .into_iter()
            .map(|(n, p)| (n.to_owned(), p))
            .collect();
        assert_eq!(names_and_passes(&frame), expected, "{frame}");
        let (_, read) = learner.get(&format!("/api/submissions/{submission}")).await;
        for what in [&frame, &read["submission"]] {
            // Not the code: the learner wrote it.
            let text = format!("{} {}", what["tests"], what["feedback"]);
            for secret in ["7654321", "8888888", "SECRET-GUESS"] {
                assert!(!text.contains(secret), "the learner sees {secret}: {text}");
            }
        }
        if code == WRONG {
            assert_eq!(frame["verdict"], "tests_failed");
            assert_eq!(
                frame["tests"][0]["message"],
                "line 1: expected '3', got '-1'"
            );
            assert_eq!(frame["tests"][2]["message"], Value::Null);
        }
        // Teachers see the hidden case by name, with what differed.
        let (_, teachers_frame) = statuses_until_final(&mut teachers, &submission).await;
        assert_eq!(
            teachers_frame["tests"][2]["name"], "big",
            "{teachers_frame}"
        );
        if code == SMALL_ONLY {
            assert!(
                teachers_frame.to_string().contains("SECRET-GUESS"),
                "{teachers_frame}"
            );
        }
    }
    let (_, progress) = learner.get("/api/me/progress").await;
    assert!(
        progress["completed"]
            .as_array()
            .unwrap()
            .contains(&json!(id)),
        "{progress}"
    );

    // The course's folders carry the cases as files.
    let export = reqwest::Client::new()
        .get(platform.url("/api/admin/assignments/export"))
        .header("authorization", format!("Bearer {}", admin.token))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let found = course::archive::unpack(&export, course::archive::Limits::default()).unwrap();
    let folder = found
        .iter()
        .filter_map(|f| f.assignment.as_ref().ok())
        .find(|a| a.title == "Sum of two")
        .expect("the assignment is exported");
    assert_eq!(folder.io_cases.len(), 3);
    assert_eq!(folder.io_cases[2].expected_output, "8888888\n");
    assert!(folder
        .files()
        .iter()
        .any(|(name, _)| name == "cases/big.in"));
}

/// The first assignment of each language and its reference, by title.
const FIRSTS: [(&str, &str, &str); 3] = [
    ("python", "Hello", "def hello():\n    return \"Hello\"\n"),
    (
        "cpp",
        "Hello, C++",
        "#include <iostream>\n\nint main() {\n    std::cout << \"Hello\\n\";\n    return 0;\n}\n",
    ),
    (
        "javascript",
        "Hello, JavaScript",
        "console.log(\"Hello\");\n",
    ),
];

/// Per language: the median time from POST to the final frame for the first assignment's
/// reference (on the backend `GRADER_SANDBOX` names, docker by default), next to the bare
/// compile-and-run of the same program on this machine: the language's own toolchain run
/// in its rootfs with `chroot`, no sandbox, no platform (for Python's Hello, graded by
/// unittest, `python3 -m unittest` of its tests against the reference).
#[tokio::test]
#[ignore = "a benchmark: ./platform bench"]
async fn bench_languages_post_to_final_frame() {
    let backend = std::env::var("GRADER_SANDBOX").unwrap_or_else(|_| "docker".to_owned());
    let platform = spawn_platform().await;
    let learner = platform.learner().await;
    let (_, list) = learner.get("/api/assignments").await;
    let mut socket = learner.connect().await;
    for (language, title, reference) in FIRSTS {
        let id = list["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == title)
            .and_then(|a| a["id"].as_i64())
            .unwrap_or_else(|| panic!("no assignment {title}"));
        let comment = if language == "python" { "#" } else { "//" };
        let mut millis = Vec::new();
        for run in 0..12 {
            // Unique code: no earlier verdict is reused.
            let code = format!("{reference}{comment} run {run}\n");
            let started = std::time::Instant::now();
            let (status, body) = learner.submit(id, &code).await;
            assert_eq!(status, 202, "{body}");
            let submission = body["submission"]["id"].as_str().unwrap().to_owned();
            let (_, last) = statuses_until_final(&mut socket, &submission).await;
            assert_eq!(last["status"], "passed", "{last}");
            if run > 0 {
                millis.push(started.elapsed().as_secs_f64() * 1000.0);
            }
        }
        millis.sort_by(f64::total_cmp);
        let median = (millis[5] + millis[6]) / 2.0;
        let bare = bare_median(language, reference);
        println!(
            "language {language:<10} {backend:<7} POST -> final frame: median {median:>5.0} ms \
             (min {:.0}, max {:.0}); bare compile+run {bare:>5.0} ms; platform +{:.0} ms",
            millis[0],
            millis[10],
            median - bare
        );
    }
}

/// The median of 11 bare builds and runs of `code` in `language`'s rootfs.
fn bare_median(language: &str, code: &str) -> f64 {
    let rootfs = std::env::var("GRADER_ROOTFS").expect("GRADER_ROOTFS (./platform env)");
    let known = course::languages::get(language).expect("a known language");
    let rootfs = grader_api::sandbox::rootfs_for(std::path::Path::new(&rootfs), known)
        .display()
        .to_string();
    let (file, script) = match language {
        // Hello is graded by unittest: the bare run is its tests against the reference.
        "python" => (
            "solution.py",
            "python3 -m unittest -q tests 2>&1 && echo Hello",
        ),
        "cpp" => (
            "solution.cpp",
            "g++ -std=c++17 -O2 -pipe -o solution solution.cpp && ./solution",
        ),
        "javascript" => ("solution.js", "node solution.js"),
        other => panic!("no bare run for {other}"),
    };
    let mut millis = Vec::new();
    for _ in 0..11 {
        let work = format!("/tmp/bench-{}", uuid::Uuid::new_v4().simple());
        std::fs::create_dir_all(format!("{rootfs}{work}")).unwrap();
        std::fs::write(format!("{rootfs}{work}/{file}"), code).unwrap();
        if language == "python" {
            let hello = migrations::catalog::embedded()
                .unwrap()
                .into_iter()
                .find(|a| a.slug == "hello")
                .expect("the Hello assignment");
            std::fs::write(format!("{rootfs}{work}/tests.py"), hello.test_code).unwrap();
        }
        let started = std::time::Instant::now();
        let output = std::process::Command::new("chroot")
            .args([&rootfs, "sh", "-c", &format!("cd {work} && {script}")])
            .output()
            .expect("chroot");
        millis.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(
            output.status.success() && String::from_utf8_lossy(&output.stdout).contains("Hello"),
            "{language}: {output:?}"
        );
        std::fs::remove_dir_all(format!("{rootfs}{work}")).unwrap();
    }
    millis.sort_by(f64::total_cmp);
    millis[5]
}
