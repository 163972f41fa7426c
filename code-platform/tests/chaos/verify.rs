//! The end state: every submission final with the verdict its code deserves, none
//! graded twice, and the events the listening client received agreeing with the
//! database.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use crate::listener::Events;
use crate::load::Submitted;

const FINAL: [&str; 3] = ["passed", "failed", "error"];
/// The graders' delivery limits (`GRADER_MAX_ATTEMPTS`, `GRADER_MAX_CRASHES`): no row may
/// count more; and since every submission here is one a sound grader finishes, none may
/// reach them (an `error` is always a problem: crashes from outside blame no one).
const MAX_FAILURES: i32 = 3;
const MAX_CRASHES: i32 = 10;

/// How many times the graders' logs (JSON lines) say they stored a result, per
/// submission id: a grader logs `graded` only when its update changed an open row.
fn stored_results(log_dir: &Path) -> HashMap<String, usize> {
    let mut stored = HashMap::new();
    let logs = std::fs::read_dir(log_dir).expect("the log directory");
    for log in logs.filter_map(Result::ok) {
        if !log.file_name().to_string_lossy().starts_with("grader-") {
            continue;
        }
        let text = std::fs::read_to_string(log.path()).unwrap_or_default();
        for line in text.lines() {
            let Ok(line) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            if line["fields"]["message"] != "graded" {
                continue;
            }
            // The span field is the `Debug` of an `Option<Uuid>`: `Some(<id>)`.
            let field = line["span"]["submission"].as_str().unwrap_or_default();
            let id = field.trim_start_matches("Some(").trim_end_matches(')');
            *stored.entry(id.to_owned()).or_default() += 1;
        }
    }
    stored
}

#[derive(sqlx::FromRow)]
struct Row {
    id: Uuid,
    status: String,
    verdict: Option<String>,
    tests: Value,
    feedback: Option<String>,
    attempts: i32,
    failures: i32,
    crashes: i32,
}

/// Waits until no submission is open, or `limit` passed; returns how many still are.
pub(crate) async fn wait_all_final(db: &PgPool, limit: Duration) -> i64 {
    let deadline = Instant::now() + limit;
    loop {
        let open: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM submissions WHERE status IN ('queued', 'running')",
        )
        .fetch_one(db)
        .await
        .unwrap_or(-1);
        if open == 0 || Instant::now() > deadline {
            return open;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// The counts, and every violation found (empty when all holds).
pub(crate) struct Verdict {
    pub(crate) counts: String,
    pub(crate) problems: Vec<String>,
}

pub(crate) async fn check(
    db: &PgPool,
    submitted: &[Submitted],
    events: &Events,
    log_dir: &Path,
) -> Verdict {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, status, verdict, tests, feedback, attempts, failures, crashes \
             FROM submissions",
    )
    .fetch_all(db)
    .await
    .expect("reading the submissions");
    let by_id: HashMap<String, &Row> = rows.iter().map(|r| (r.id.to_string(), r)).collect();
    let mut problems = Vec::new();
    let mut status_counts: HashMap<&str, usize> = HashMap::new();
    let (mut max_attempts, mut max_crashes, mut redelivered) = (0, 0, 0);
    for row in &rows {
        *status_counts.entry(row.status.as_str()).or_default() += 1;
        max_attempts = max_attempts.max(row.attempts);
        max_crashes = max_crashes.max(row.crashes);
        redelivered += usize::from(row.attempts > 1);
        if row.failures > MAX_FAILURES || row.crashes > MAX_CRASHES {
            problems.push(format!(
                "{} counts {} failures and {} crashes, beyond the limits",
                row.id, row.failures, row.crashes
            ));
        }
        if !FINAL.contains(&row.status.as_str()) {
            problems.push(format!("{} is still {}", row.id, row.status));
        }
        if row.status == "error" {
            problems.push(format!("{} is error: {:?}", row.id, row.feedback));
        }
    }
    let reused = submitted.iter().filter(|s| s.reused).count();
    for sub in submitted {
        match by_id.get(&sub.id) {
            None => problems.push(format!("{} was acknowledged but is not stored", sub.id)),
            Some(row) if row.status != "error" && row.status != sub.expected => {
                problems.push(format!(
                    "{} is {} but its code deserves {}",
                    sub.id, row.status, sub.expected
                ))
            }
            Some(row) if row.attempts == 0 && !sub.reused => {
                problems.push(format!("{} is final but no grader ever took it", sub.id))
            }
            Some(_) => {}
        }
    }

    let stored = stored_results(log_dir);
    if stored.is_empty() && rows.iter().any(|row| row.attempts > 0) {
        problems.push("the grader logs show no stored result at all".to_owned());
    }
    for (id, times) in &stored {
        if *times > 1 {
            problems.push(format!("{id}: the grader logs show {times} stored results"));
        }
    }

    let events = events.lock().expect("not poisoned");
    let (mut frames, mut with_final, mut twice) = (0, 0, 0);
    for (id, list) in events.iter() {
        frames += list.len();
        let Some(row) = by_id.get(id) else {
            problems.push(format!("an event for {id}, which is not stored"));
            continue;
        };
        let finals: Vec<&Value> = list
            .iter()
            .filter(|e| FINAL.contains(&e["status"].as_str().unwrap_or_default()))
            .collect();
        with_final += usize::from(!finals.is_empty());
        if finals.len() > 1 {
            twice += 1;
            problems.push(format!(
                "{id} has {} final events: {finals:?}",
                finals.len()
            ));
        }
        for event in finals {
            let agrees = event["status"] == row.status.as_str()
                && event["verdict"].as_str() == row.verdict.as_deref()
                && event["feedback"].as_str() == row.feedback.as_deref()
                && event["tests"] == row.tests;
            if !agrees {
                problems.push(format!("{id}: event {event} disagrees with the database"));
            }
        }
    }

    let count = |status: &str| status_counts.get(status).copied().unwrap_or(0);
    let mut counts = String::new();
    let _ = writeln!(
        counts,
        "  submissions stored {} (acknowledged to learners {}, of which {} reused a verdict)",
        rows.len(),
        submitted.len(),
        reused
    );
    let _ = writeln!(
        counts,
        "  passed {}, failed {}, error {}, still open {}",
        count("passed"),
        count("failed"),
        count("error"),
        count("queued") + count("running")
    );
    let _ = writeln!(
        counts,
        "  events received {frames} for {} submissions; {with_final} with a final event, \
         {twice} with more than one",
        events.len()
    );
    let _ = writeln!(
        counts,
        "  max attempts {max_attempts}, max solo crashes {max_crashes}; {redelivered} \
         submissions delivered more than once; \
         grader logs show {} stored results, at most {} per submission",
        stored.values().sum::<usize>(),
        stored.values().max().copied().unwrap_or(0)
    );
    Verdict { counts, problems }
}
