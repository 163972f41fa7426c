use chrono::{DateTime, Duration, TimeZone, Utc};
use wire::stats::{AssignmentStats, GraderStats, StatsSample};

use super::*;

fn at(seconds: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap() + Duration::seconds(seconds)
}

fn sample(seconds: i64, submitted: i64, p50: Option<i64>) -> StatsSample {
    StatsSample {
        at: at(seconds),
        depth: 4,
        in_flight: 2,
        submitted_last_minute: submitted,
        graded_last_minute: submitted / 2,
        p50_ms: p50,
        p95_ms: p50.map(|ms| ms * 3),
        busy: 2,
        slots: 4,
    }
}

/// The `points` of every `<polyline>` plotters drew.
fn polylines(svg: &str) -> Vec<&str> {
    svg.split("<polyline")
        .skip(1)
        .filter_map(|tag| tag.split("points=\"").nth(1)?.split('"').next())
        .collect()
}

#[test]
fn axis_tops_are_round_and_leave_room() {
    assert_eq!(axis_top(0.0), 1.0);
    assert_eq!(axis_top(f64::NAN), 1.0);
    assert_eq!(axis_top(0.8), 1.0);
    assert_eq!(axis_top(1.0), 2.0);
    assert_eq!(axis_top(4.0), 5.0);
    assert_eq!(axis_top(7.0), 10.0);
    assert_eq!(axis_top(130.0), 200.0);
    assert_eq!(axis_top(4600.0), 10_000.0);
}

#[test]
fn an_hour_of_samples_is_drawn_as_named_lines_ending_now() {
    let samples: Vec<StatsSample> = (0..720).map(|i| sample(i * 5, i % 13, Some(800))).collect();
    let svg = throughput(&samples);
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(svg.contains("viewBox"), "scales with its box");
    for text in ["submitted", "graded", "per minute", "now", "-30 min"] {
        assert!(svg.contains(text), "{text} in {svg}");
    }
    // One stroke per line (the legend's sample strokes are paths of two points).
    let long: Vec<&str> = polylines(&svg)
        .into_iter()
        .filter(|points| points.split_whitespace().count() > 100)
        .collect();
    assert_eq!(long.len(), 2, "{svg}");
    // The same data draws the same picture: the server's and the browser's agree.
    assert_eq!(throughput(&samples), svg);
}

#[test]
fn an_unknown_latency_breaks_the_line_instead_of_dropping_to_zero() {
    let samples = [
        sample(0, 1, Some(1200)),
        sample(5, 1, Some(1300)),
        sample(10, 1, None),
        sample(15, 1, Some(900)),
        sample(20, 1, Some(1000)),
    ];
    let svg = latency(&samples);
    let strokes = |color: &str| {
        svg.split("<polyline")
            .filter(|tag| tag.contains(&format!("stroke=\"{color}\"")))
            .count()
    };
    // p50 and p95 each in two runs, and each in the legend.
    assert_eq!(strokes("#2563EB"), 3, "{svg}");
    assert_eq!(strokes("#D97706"), 3, "{svg}");
    assert!(
        svg.contains(">\n2 s\n<") && svg.contains(">\n4 s\n<"),
        "{svg}"
    );
}

#[test]
fn no_samples_still_draw_named_axes() {
    for svg in [throughput(&[]), latency(&[]), queue(&[])] {
        assert!(svg.starts_with("<svg") && svg.contains("now"), "{svg}");
    }
    assert!(queue(&[]).contains("waiting") && queue(&[]).contains("grading"));
}

#[test]
fn bars_are_named_escaped_and_cut_and_an_ungraded_one_says_so() {
    let assignment = |id: i64, title: &str, rate: Option<f64>| AssignmentStats {
        id,
        title: title.to_owned(),
        submissions: 3,
        learners: 2,
        solved_by: 1,
        pass_rate: rate,
    };
    let svg = pass_rates(&[
        assignment(1, "Hello <world> & co", Some(0.5)),
        assignment(2, "A title far too long for the chart's margin", None),
    ]);
    assert!(svg.contains("Hello &lt;world&gt; &amp; co"), "{svg}");
    assert!(!svg.contains("<world>"), "{svg}");
    assert!(svg.contains("A title far too long…"), "{svg}");
    assert!(svg.contains("no graded submissions"), "{svg}");
    assert!(svg.contains("50%") && svg.contains("100%"), "{svg}");
    // The first assignment's bar is the upper one.
    let first = svg.find("Hello &lt;world").unwrap();
    let second = svg.find("A title far too long").unwrap();
    let y_of = |at: usize| -> i64 {
        let tag = &svg[..at];
        let tag = &tag[tag.rfind("<text").unwrap()..];
        tag.split("y=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(y_of(first) < y_of(second), "{svg}");
    // Exactly one filled bar: the graded assignment's.
    assert_eq!(svg.matches("fill=\"#047857\"").count(), 1, "{svg}");

    let grader = GraderStats {
        name: "grader-1".to_owned(),
        languages: vec!["python".to_owned()],
        slots: 4,
        busy: 3,
        last_seen: at(0),
    };
    let svg = graders(&[grader]);
    assert!(
        svg.contains("grader-1") && svg.contains("3 of 4 busy"),
        "{svg}"
    );
    assert_eq!(
        svg.matches("<rect").count() - 1,
        2,
        "slots and busy slots: {svg}"
    );
}
