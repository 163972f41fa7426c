use super::*;

const NONCE: &str = "0123456789abcdef0123456789abcdef";

fn line(nonce: &str, json: &str) -> String {
    format!("CP-RESULT {nonce} {json}\n")
}

fn report(status: &str, verdict: &str, tests: &str) -> String {
    format!(
        r#"{{"status": "{status}", "verdict": {verdict}, "tests": {tests}, "feedback": "fb", "duration_ms": 12}}"#
    )
}

const ONE_PASSING: &str = r#"[{"name": "test_a", "passed": true, "message": ""}]"#;
const ONE_FAILING: &str = r#"[{"name": "test_a", "passed": false, "message": "1 != 2"}]"#;

#[test]
fn a_valid_pass_is_a_pass() {
    let grade = parse(&line(NONCE, &report("passed", "null", ONE_PASSING)), NONCE).unwrap();
    assert_eq!(grade.status, Status::Passed);
    assert_eq!(grade.verdict, None);
    assert_eq!(grade.tests.len(), 1);
    assert_eq!(grade.feedback, "fb");
    assert_eq!(grade.duration, Duration::from_millis(12));
}

#[test]
fn a_failure_keeps_its_verdict() {
    let stdout = line(NONCE, &report("failed", r#""time_limit""#, "[]"));
    let grade = parse(&stdout, NONCE).unwrap();
    assert_eq!(
        (grade.status, grade.verdict),
        (Status::Failed, Some(Verdict::TimeLimit))
    );
}

#[test]
fn a_forged_nonce_is_ignored() {
    let forged = line(
        "ffffffffffffffffffffffffffffffff",
        &report("passed", "null", ONE_PASSING),
    );
    assert_eq!(parse(&forged, NONCE), None);
    let no_nonce = line("", &report("passed", "null", ONE_PASSING));
    assert_eq!(parse(&no_nonce, NONCE), None);
    // A nonce that merely starts with ours is not ours.
    let longer = line(
        &format!("{NONCE}00"),
        &report("passed", "null", ONE_PASSING),
    );
    assert_eq!(parse(&longer, NONCE), None);
}

#[test]
fn the_last_line_with_our_nonce_wins() {
    let stdout = line(NONCE, &report("passed", "null", ONE_PASSING))
        + &line(NONCE, &report("failed", r#""tests_failed""#, ONE_FAILING))
        + &line("forged", &report("passed", "null", ONE_PASSING));
    let grade = parse(&stdout, NONCE).unwrap();
    assert_eq!(grade.status, Status::Failed);
}

#[test]
fn bad_json_is_no_report() {
    assert_eq!(parse(&line(NONCE, "{not json"), NONCE), None);
    assert_eq!(parse(&line(NONCE, r#"{"status": "passed"}"#), NONCE), None);
    let unknown = line(NONCE, &report("passed", r#""cheated""#, ONE_PASSING));
    assert_eq!(parse(&unknown, NONCE), None);
    assert_eq!(parse("", NONCE), None);
}

#[test]
fn a_pass_with_a_failing_test_is_a_failure() {
    let grade = parse(&line(NONCE, &report("passed", "null", ONE_FAILING)), NONCE).unwrap();
    assert_eq!(
        (grade.status, grade.verdict),
        (Status::Failed, Some(Verdict::TestsFailed))
    );
}

#[test]
fn a_pass_without_tests_is_a_failure() {
    let grade = parse(&line(NONCE, &report("passed", "null", "[]")), NONCE).unwrap();
    assert_eq!(
        (grade.status, grade.verdict),
        (Status::Failed, Some(Verdict::TestsFailed))
    );
}

#[test]
fn a_pass_with_a_verdict_is_a_failure() {
    let stdout = line(NONCE, &report("passed", r#""time_limit""#, ONE_PASSING));
    let grade = parse(&stdout, NONCE).unwrap();
    assert_eq!(grade.status, Status::Failed);
}

#[test]
fn a_failure_without_verdict_is_tests_failed() {
    let grade = parse(&line(NONCE, &report("failed", "null", ONE_FAILING)), NONCE).unwrap();
    assert_eq!(grade.verdict, Some(Verdict::TestsFailed));
}

#[test]
fn open_statuses_are_no_report() {
    assert_eq!(
        parse(&line(NONCE, &report("running", "null", "[]")), NONCE),
        None
    );
    assert_eq!(
        parse(&line(NONCE, &report("queued", "null", "[]")), NONCE),
        None
    );
}

#[test]
fn a_runner_error_is_a_platform_error() {
    let grade = parse(&line(NONCE, &report("error", "null", "[]")), NONCE).unwrap();
    assert_eq!((grade.status, grade.verdict), (Status::Error, None));
}

#[test]
fn feedback_is_bounded() {
    let long = "é".repeat(10_000);
    let json = format!(
        r#"{{"status": "failed", "verdict": "tests_failed", "tests": [], "feedback": "{long}", "duration_ms": 1}}"#
    );
    let grade = parse(&line(NONCE, &json), NONCE).unwrap();
    assert_eq!(grade.feedback.chars().count(), FEEDBACK_LIMIT);
    assert!(grade.feedback.ends_with("..."));
}

#[test]
fn an_interrupted_run_is_a_runtime_error() {
    let grade = interrupted(Duration::from_secs(1));
    assert_eq!(
        (grade.status, grade.verdict),
        (Status::Failed, Some(Verdict::RuntimeError))
    );
    assert_eq!(grade.feedback, INTERRUPTED_FEEDBACK);
}
