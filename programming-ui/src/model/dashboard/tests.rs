use chrono::TimeZone;
use wire::stats::{Latency, QueueStats};
use wire::Status;

use super::*;
use crate::model::tests::submission;

fn at(seconds: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap() + Duration::seconds(seconds)
}

fn sample(seconds: i64) -> StatsSample {
    StatsSample {
        at: at(seconds),
        depth: seconds,
        in_flight: 0,
        submitted_last_minute: 0,
        graded_last_minute: 0,
        p50_ms: None,
        p95_ms: None,
        busy: 0,
        slots: 0,
    }
}

fn stats(seconds: i64) -> Stats {
    Stats {
        queue: QueueStats {
            depth: 0,
            in_flight: 0,
            oldest_queued_ms: None,
            bulk_depth: 0,
            lanes: Vec::new(),
        },
        graded_last_minute: 0,
        latency_ms: Latency::default(),
        assignments: Vec::new(),
        graders: Vec::new(),
        at: at(seconds),
    }
}

fn times(samples: &[StatsSample]) -> Vec<i64> {
    samples.iter().map(|s| s.depth).collect()
}

#[test]
fn live_samples_move_the_end_and_keep_the_servers_density_and_an_hour() {
    let mut samples: Vec<StatsSample> = (0..3).map(|i| sample(i * 5)).collect();
    push_sample(&mut samples, sample(12));
    assert_eq!(times(&samples), [0, 5, 10, 12]);
    // Less than 5 s after the sample before it: the end moves.
    push_sample(&mut samples, sample(14));
    assert_eq!(times(&samples), [0, 5, 10, 14]);
    push_sample(&mut samples, sample(16));
    assert_eq!(times(&samples), [0, 5, 10, 14, 16]);
    // A late or repeated frame changes nothing.
    push_sample(&mut samples, sample(15));
    assert_eq!(times(&samples), [0, 5, 10, 14, 16]);
    // An hour after the first, the first goes.
    push_sample(&mut samples, sample(3605));
    assert_eq!(times(&samples), [5, 10, 14, 16, 3605]);
}

#[test]
fn the_last_minute_counts_new_submissions_and_a_share_of_the_servers_figure() {
    let mut last = sample(0);
    last.submitted_last_minute = 30;
    let data = DashboardData {
        stats: stats(0),
        history: vec![last],
    };
    let mut counter = SubmittedCounter::new(&data);
    // Nothing new yet: the server's figure, then less of it as its minute passes.
    assert_eq!(counter.last_minute(at(0)), 30);
    assert_eq!(counter.last_minute(at(30)), 15);
    let made = |id: u128, seconds: i64| {
        let mut s = submission(id, Status::Queued);
        s.created_at = at(seconds);
        s
    };
    let first = made(1, 10);
    counter.note(&first);
    // Its later frames count once.
    counter.note(&first);
    counter.note(&made(2, 20));
    counter.note(&made(3, -5));
    assert_eq!(counter.last_minute(at(30)), 2 + 15);
    assert_eq!(counter.last_minute(at(65)), 2);
    assert_eq!(counter.last_minute(at(75)), 1);
    assert_eq!(counter.last_minute(at(200)), 0);
}

#[test]
fn the_feed_shows_each_submission_once_newest_first_and_at_most_fifty() {
    let mut feed = Vec::new();
    for id in 0..60 {
        into_feed(&mut feed, submission(id, Status::Queued));
    }
    assert_eq!(feed.len(), FEED_LEN);
    assert_eq!(feed[0].id, Uuid::from_u128(59));
    into_feed(&mut feed, submission(30, Status::Passed));
    assert_eq!(feed.len(), FEED_LEN);
    assert_eq!(
        (feed[0].id, feed[0].status),
        (Uuid::from_u128(30), Status::Passed)
    );
    assert_eq!(
        feed.iter().filter(|s| s.id == Uuid::from_u128(30)).count(),
        1
    );
    // A late frame does not undo a newer one.
    into_feed(&mut feed, submission(31, Status::Running));
    into_feed(&mut feed, submission(31, Status::Queued));
    assert_eq!(
        (feed[0].id, feed[0].status),
        (Uuid::from_u128(31), Status::Running)
    );
}

#[test]
fn a_batch_keeps_the_latest_stats_and_each_submissions_latest_frame() {
    let mut batch = Batch::default();
    batch.add(Event::Stats {
        stats: Box::new(stats(1)),
    });
    batch.add(Event::Stats {
        stats: Box::new(stats(3)),
    });
    for id in 0..100 {
        batch.add(Event::Submission {
            submission: submission(id % 70, Status::Queued),
        });
    }
    batch.add(Event::Submission {
        submission: submission(69, Status::Running),
    });
    assert_eq!(batch.stats.as_ref().map(|s| s.at), Some(at(3)));
    assert_eq!(batch.submissions.len(), FEED_LEN);
    let last = batch.submissions.last().unwrap();
    assert_eq!(
        (last.id, last.status),
        (Uuid::from_u128(69), Status::Running)
    );
    let ids: std::collections::HashSet<_> = batch.submissions.iter().map(|s| s.id).collect();
    assert_eq!(ids.len(), FEED_LEN);
}

#[test]
fn headline_figures_read_as_people_say_them() {
    assert_eq!(duration_text(None), "–");
    assert_eq!(duration_text(Some(850)), "850 ms");
    assert_eq!(duration_text(Some(4_240)), "4.2 s");
    assert_eq!(duration_text(Some(12_400)), "12 s");
    assert_eq!(duration_text(Some(185_000)), "3 min 5 s");
    assert_eq!(ago(at(0), at(0)), "just now");
    assert_eq!(ago(at(0), at(4)), "4 s ago");
    assert_eq!(ago(at(0), at(150)), "2 min ago");
    assert_eq!(percent(Some(2.0 / 3.0)), "67%");
    assert_eq!(percent(None), "–");
}
