use super::*;
use uuid::Uuid;

/// A submission of assignment 1 made at 2026-11-25 21:36:01.123456 UTC.
pub(crate) fn submission(id: u128, status: Status) -> Submission {
    Submission {
        id: Uuid::from_u128(id),
        assignment_id: 1,
        user_id: Uuid::nil(),
        code: String::new(),
        status,
        verdict: None,
        tests: Vec::new(),
        feedback: None,
        created_at: "2026-11-25T21:36:01.123456Z".parse().unwrap(),
        graded_at: None,
        duration_ms: None,
        queue_position: None,
        eta_ms: None,
        queued_at: None,
    }
}

#[test]
fn known_statuses_get_the_friendly_messages_of_the_brief() {
    let conflict = ApiError::from_response(
        409,
        r#"{"error":{"code":"submission_in_progress","message":"one at a time"}}"#,
    );
    assert_eq!(
        conflict.user_message(),
        "You already have a submission being graded - wait for its result"
    );
    let too_big = ApiError::from_response(413, "");
    assert_eq!(too_big.user_message(), "Your code is larger than 64 KiB");
    assert_eq!(
        ApiError::Network.user_message(),
        "Cannot reach the server - check your connection"
    );
}

#[test]
fn other_errors_show_the_api_message() {
    let error = ApiError::from_response(
        422,
        r#"{"error":{"code":"invalid_code","message":"Code must not be empty"}}"#,
    );
    assert_eq!(error.user_message(), "Code must not be empty");
    let unreadable = ApiError::from_response(502, "<html>bad gateway</html>");
    assert_eq!(
        unreadable.user_message(),
        "The server answered with status 502"
    );
}

#[test]
fn every_status_and_verdict_has_its_own_label() {
    let labels: std::collections::HashSet<_> = Status::ALL.into_iter().map(status_label).collect();
    assert_eq!(labels.len(), Status::ALL.len());
    let labels: std::collections::HashSet<_> =
        Verdict::ALL.into_iter().map(verdict_label).collect();
    assert_eq!(labels.len(), Verdict::ALL.len());
    assert_eq!(
        verdict_label(Verdict::TimeLimit),
        "Your code took too long (time limit)"
    );
}

#[test]
fn upsert_inserts_new_submissions_first_and_never_goes_back_a_stage() {
    let mut list = vec![submission(1, Status::Passed)];
    upsert_submission(&mut list, submission(2, Status::Queued));
    assert_eq!(list[0].id, Uuid::from_u128(2));
    upsert_submission(&mut list, submission(2, Status::Running));
    assert_eq!(list[0].status, Status::Running);
    // A late REST answer with the older status does not undo the newer frame.
    upsert_submission(&mut list, submission(2, Status::Queued));
    assert_eq!(list[0].status, Status::Running);
    upsert_submission(&mut list, submission(2, Status::Failed));
    assert_eq!(list[0].status, Status::Failed);
    assert_eq!(list.len(), 2);
}

#[test]
fn creation_time_is_shown_in_minutes_utc() {
    assert_eq!(
        created_label(&submission(1, Status::Queued)),
        "2026-11-25 21:36 UTC"
    );
}

#[test]
fn api_submission_json_is_read_including_extra_fields() {
    let json = r#"{"id":"5d7c3a52-6a5e-4f57-9a3f-0d2a3b4c5d6e","assignment_id":3,
        "user_id":"00000000-0000-0000-0000-000000000000","code":"x","status":"failed","queue_position":null,
        "verdict":"tests_failed","tests":[{"name":"t","passed":false,"message":"m"}],
        "feedback":"f","created_at":"2026-01-01T00:00:00Z","graded_at":null,"duration_ms":5}"#;
    let parsed: Submission = serde_json::from_str(json).unwrap();
    assert_eq!(parsed.status, Status::Failed);
    assert_eq!(parsed.verdict, Some(Verdict::TestsFailed));
    assert_eq!(parsed.tests[0].name, "t");
}

#[test]
fn a_place_in_line_reads_as_people_say_it() {
    let places: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112]
        .into_iter()
        .map(|n| place_in_line(n, None))
        .collect();
    let ordinals: Vec<&str> = places
        .iter()
        .map(|p| p.strip_suffix(" in line").unwrap())
        .collect();
    assert_eq!(
        ordinals,
        [
            "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st",
            "111th", "112th"
        ]
    );
    assert_eq!(place_in_line(3, Some(2_000)), "3rd in line, about 2 s");
    assert_eq!(place_in_line(1, Some(0)), "1st in line, under a second");
    assert_eq!(place_in_line(1, Some(999)), "1st in line, under a second");
    assert_eq!(place_in_line(2, Some(1_400)), "2nd in line, about 1 s");
    assert_eq!(place_in_line(2, Some(59_400)), "2nd in line, about 59 s");
    // Rounding up to a whole minute says minutes.
    assert_eq!(place_in_line(9, Some(59_600)), "9th in line, about 1 min");
    assert_eq!(place_in_line(40, Some(90_000)), "40th in line, about 2 min");
    assert_eq!(
        place_in_line(500, Some(7_200_000)),
        "500th in line, about 2 h"
    );
}

#[test]
fn a_tests_time_never_reads_as_zero() {
    assert_eq!(test_time(0), "< 1 ms");
    assert_eq!(test_time(1), "1 ms");
    assert_eq!(test_time(1234), "1234 ms");
}
