//! Limits and failure kinds, enforced in a real sandbox on every backend.

use std::time::{Duration, Instant};

use contract::{Status, Verdict};
use grader_api::sandbox::Grade;

use crate::helpers::{backends, job, run_all, run_on, HELLO_TESTS};

fn assert_failed(backend: &str, grade: &Grade, verdict: Verdict) {
    assert_eq!(
        (grade.status, grade.verdict),
        (Status::Failed, Some(verdict)),
        "{backend}: {grade:?}"
    );
}

#[tokio::test]
async fn an_infinite_loop_is_stopped_within_the_time_limit() {
    let job = job("def hello():\n    while True:\n        pass\n", HELLO_TESTS);
    for sandbox in backends().await {
        let started = Instant::now();
        let grade = run_on(sandbox.as_ref(), &job).await;
        assert_failed(sandbox.name(), &grade, Verdict::TimeLimit);
        // The limit, the sandbox's start-up slack and its removal.
        assert!(
            started.elapsed() < job.time_limit + Duration::from_secs(5),
            "{}: {:?}",
            sandbox.name(),
            started.elapsed()
        );
    }
}

#[tokio::test]
async fn a_memory_hog_is_a_memory_limit() {
    let code = "def hello():\n    return len(bytearray(512 * 1024 * 1024))\n";
    for (backend, grade) in run_all(&job(code, HELLO_TESTS)).await {
        assert_failed(backend, &grade, Verdict::MemoryLimit);
    }
}

#[tokio::test]
async fn a_syntax_error_is_reported_with_its_line() {
    for (backend, grade) in run_all(&job("def hello(:\n    return 'Hello'\n", HELLO_TESTS)).await {
        assert_failed(backend, &grade, Verdict::SyntaxError);
        assert!(grade.feedback.contains("line 1"), "{}", grade.feedback);
        assert!(
            !grade.feedback.contains("/opt/runner"),
            "{}",
            grade.feedback
        );
    }
}

#[tokio::test]
async fn a_print_flood_is_an_output_limit() {
    let code = "while True:\n    print('x' * 1000)\n";
    for (backend, grade) in run_all(&job(code, HELLO_TESTS)).await {
        assert_failed(backend, &grade, Verdict::OutputLimit);
    }
}

#[tokio::test]
async fn a_wrong_answer_reports_the_failed_assertion() {
    for (backend, grade) in run_all(&job("def hello():\n    return 'hello'\n", HELLO_TESTS)).await {
        assert_failed(backend, &grade, Verdict::TestsFailed);
        assert_eq!(grade.tests.len(), 1);
        assert_eq!(grade.tests[0].name, "test_returns_hello");
        assert_eq!(
            grade.tests[0].message.as_deref(),
            Some("'hello' != 'Hello'")
        );
    }
}
