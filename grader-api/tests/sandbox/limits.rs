//! Limits and failure kinds, enforced in a real container.

use std::time::{Duration, Instant};

use contract::{Status, Verdict};
use grader_api::sandbox::Grade;

use crate::helpers::{job, run, HELLO_TESTS};

fn assert_failed(grade: &Grade, verdict: Verdict) {
    assert_eq!(
        (grade.status, grade.verdict),
        (Status::Failed, Some(verdict)),
        "{grade:?}"
    );
}

#[tokio::test]
async fn an_infinite_loop_is_stopped_within_the_time_limit() {
    let job = job("def hello():\n    while True:\n        pass\n", HELLO_TESTS);
    let started = Instant::now();
    let grade = run(&job).await;
    assert_failed(&grade, Verdict::TimeLimit);
    // The limit, the container's start-up slack and the removal.
    assert!(
        started.elapsed() < job.time_limit + Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_memory_hog_is_a_memory_limit() {
    let grade = run(&job(
        "def hello():\n    return len(bytearray(512 * 1024 * 1024))\n",
        HELLO_TESTS,
    ))
    .await;
    assert_failed(&grade, Verdict::MemoryLimit);
}

#[tokio::test]
async fn a_syntax_error_is_reported_with_its_line() {
    let grade = run(&job("def hello(:\n    return 'Hello'\n", HELLO_TESTS)).await;
    assert_failed(&grade, Verdict::SyntaxError);
    assert!(grade.feedback.contains("line 1"), "{}", grade.feedback);
    assert!(
        !grade.feedback.contains("/opt/runner"),
        "{}",
        grade.feedback
    );
}

#[tokio::test]
async fn a_print_flood_is_an_output_limit() {
    let grade = run(&job("while True:\n    print('x' * 1000)\n", HELLO_TESTS)).await;
    assert_failed(&grade, Verdict::OutputLimit);
}

#[tokio::test]
async fn a_wrong_answer_reports_the_failed_assertion() {
    let grade = run(&job("def hello():\n    return 'hello'\n", HELLO_TESTS)).await;
    assert_failed(&grade, Verdict::TestsFailed);
    assert_eq!(grade.tests.len(), 1);
    assert_eq!(grade.tests[0].name, "test_returns_hello");
    assert_eq!(grade.tests[0].message, "'hello' != 'Hello'");
}
