use std::collections::HashMap;

use chrono::TimeZone;
use wire::{TestResult, Verdict};

use super::*;
use crate::model::tests::submission;

fn query(pairs: &[(&str, &str)]) -> SubmissionsQuery {
    let map: HashMap<&str, &str> = pairs.iter().copied().collect();
    SubmissionsQuery::from_address(|key| map.get(key).map(|v| (*v).to_owned()))
}

#[test]
fn the_address_keeps_filters_and_page_and_ignores_what_it_cannot_read() {
    let learner = "2b7e1516-28ae-4d2a-a6b4-4a5e4f1e0c3d";
    let read = query(&[
        ("status", "failed"),
        ("assignment_id", "3"),
        ("user_id", learner),
        ("page", "2"),
        ("per_page", "50"),
    ]);
    assert_eq!(read.status, Some(Status::Failed));
    assert_eq!(read.assignment_id, Some(3));
    assert_eq!((read.page, read.per_page), (2, 50));
    let filters = format!("status=failed&assignment_id=3&user_id={learner}");
    assert_eq!(
        read.api_path(),
        format!("/api/admin/submissions?{filters}&page=2&per_page=50")
    );
    assert_eq!(
        read.page_path(3),
        format!("/admin/submissions?{filters}&page=3&per_page=50")
    );
    assert_eq!(
        read.csv_path(),
        format!("/api/admin/submissions?{filters}&format=csv")
    );

    let odd = query(&[
        ("status", "done"),
        ("assignment_id", "x"),
        ("page", "-4"),
        ("per_page", "100000"),
    ]);
    assert_eq!((odd.status, odd.assignment_id), (None, None));
    assert_eq!((odd.page, odd.per_page), (1, 100));
    assert_eq!(
        query(&[]).api_path(),
        "/api/admin/submissions?page=1&per_page=20"
    );
}

#[test]
fn only_a_whole_learner_id_filters() {
    assert_eq!(query(&[("user_id", "  ")]).learner(), Ok(None));
    let typed = query(&[("user_id", "abc&page=9")]);
    let refused = typed.learner().unwrap_err();
    assert!(
        refused.contains("“abc&page=9” is not a learner id"),
        "{refused}"
    );
    // Text that is no id never reaches an address.
    assert_eq!(
        typed.api_path(),
        "/api/admin/submissions?page=1&per_page=20"
    );
}

#[test]
fn rows_only_move_on_except_when_a_final_one_is_regraded() {
    let queued = submission(1, Status::Queued);
    let running = submission(1, Status::Running);
    let passed = submission(1, Status::Passed);
    assert!(follows(&queued, &running));
    assert!(follows(&running, &passed));
    assert!(follows(&queued, &queued), "a new place in line");
    assert!(!follows(&running, &queued), "a late answer");
    assert!(follows(&passed, &queued), "a regrade");
    assert!(
        follows(&passed, &running),
        "a regrade whose queued frame was missed"
    );
}

#[test]
fn figures_read_as_a_teacher_reads_them() {
    let mut failed = submission(7, Status::Failed);
    failed.verdict = Some(Verdict::TestsFailed);
    failed.tests = vec![
        TestResult {
            name: "test_two".into(),
            passed: true,
            message: Some(String::new()),
            duration_ms: None,
        },
        TestResult {
            name: "test_negative".into(),
            passed: false,
            message: Some("6 != -6".into()),
            duration_ms: None,
        },
    ];
    failed.user_id = Uuid::from_u128(0xabcdef12_3456_7890_abcd_ef1234567890);
    failed.created_at = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
    failed.graded_at = Some(failed.created_at + chrono::Duration::milliseconds(2_500));
    failed.duration_ms = Some(400);
    assert_eq!(outcome_text(&failed), "failed · tests failed");
    assert_eq!(tests_passed(&failed), "1/2");
    assert_eq!(waited_ms(&failed), Some(2_100));
    // Regraded an hour later: the wait counts from the regrade.
    let mut regraded = failed.clone();
    regraded.queued_at = Some(failed.created_at + chrono::Duration::hours(1));
    regraded.graded_at = Some(failed.created_at + chrono::Duration::milliseconds(3_600_900));
    assert_eq!(waited_ms(&regraded), Some(500));
    assert_eq!(short_id(failed.user_id), "abcdef12");
    assert_eq!(time_text(failed.created_at), "2026-12-03 09:00:00 UTC");

    let queued = submission(8, Status::Queued);
    assert_eq!(outcome_text(&queued), "queued");
    assert_eq!(tests_passed(&queued), "–");
    assert_eq!(waited_ms(&queued), None);

    let titles = [(1, "Hello".to_owned())];
    assert_eq!(title_of(&titles, 1), "Hello");
    assert_eq!(title_of(&titles, 9), "Assignment 9");
}
