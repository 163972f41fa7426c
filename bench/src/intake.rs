//! Submission intake while the graders lag: thousands of learners each submit Hello once,
//! as fast as the API accepts them; then the backlog is watched until it has drained.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use futures::StreamExt;

use crate::client::{fresh, hello, learners, Admin};
use crate::stats::{Figures, Sample};

/// The settings of an intake run (environment variables of `cp-bench intake`).
pub(crate) struct Settings {
    /// Learners, each submitting once (`BENCH_INTAKE`, default 4000).
    pub(crate) submissions: usize,
    /// Requests in flight at once (`BENCH_INTAKE_CONNECTIONS`, default 256: a deadline's
    /// rush has thousands of learners waiting for their answer).
    pub(crate) connections: usize,
}

pub(crate) async fn measure(base: &str, settings: &Settings) -> anyhow::Result<Figures> {
    let count = settings.submissions;
    eprintln!("[intake] {count} learners, each submitting Hello once");
    let learners = learners(base, count, settings.connections).await?;
    let (hello, reference) = hello(&learners[0]).await?;
    let codes: Vec<String> = (0..count).map(|_| fresh(&reference)).collect();
    let admin = Admin::login(base).await?;

    eprintln!(
        "[intake] {count} submissions, {} in flight at once",
        settings.connections
    );
    let accepted = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let answers = futures::stream::iter(learners.iter().zip(&codes))
        .map(|(learner, code)| {
            let accepted = Arc::clone(&accepted);
            async move {
                let sent = Instant::now();
                let id = learner.submit(hello, code).await?;
                let done = accepted.fetch_add(1, Ordering::Relaxed) + 1;
                if done.is_multiple_of(1000) {
                    eprintln!("  {done}/{count} accepted ...");
                }
                Ok::<_, anyhow::Error>((id, sent.elapsed()))
            }
        })
        .buffer_unordered(settings.connections)
        .collect::<Vec<_>>()
        .await;
    let elapsed = started.elapsed();
    let mut latencies = Sample::default();
    let mut errors = Vec::new();
    for answer in answers {
        match answer {
            Ok((_, took)) => latencies.push(took),
            Err(err) => errors.push(err),
        }
    }
    if let Some(first) = errors.first() {
        bail!(
            "{} of {count} submissions were not accepted; the first: {first:#}",
            errors.len()
        );
    }
    let rate = count as f64 / elapsed.as_secs_f64();
    let backlog = queue(&admin).await?;
    eprintln!(
        "  {rate:.0} accepted/s (p50 {:.1} ms, p99 {:.1} ms); left queued or running: {backlog}",
        latencies.percentile_ms(50.0),
        latencies.percentile_ms(99.0)
    );

    eprintln!("[intake] the backlog drains");
    let drain_started = Instant::now();
    let limit = Duration::from_secs(120 + count as u64);
    let mut last_report = Instant::now();
    loop {
        let left = queue(&admin).await?;
        if left == 0 {
            break;
        }
        if drain_started.elapsed() > limit {
            bail!("{left} submissions still queued or running after {limit:?}");
        }
        if last_report.elapsed() >= Duration::from_secs(10) {
            eprintln!(
                "  {left} left after {:.0} s ...",
                drain_started.elapsed().as_secs_f64()
            );
            last_report = Instant::now();
        }
        // Once a second: the admin's stats aggregate every submission, and the drain
        // they watch should not pay for being watched more often.
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let drained = drain_started.elapsed().as_secs_f64();
    eprintln!(
        "  drained in {drained:.1} s ({:.1} grades/s)",
        backlog as f64 / drained
    );
    Ok(Figures::from([
        ("intake.submissions".to_owned(), count as f64),
        ("intake.accepted_per_s".to_owned(), rate),
        ("intake.p50_ms".to_owned(), latencies.percentile_ms(50.0)),
        ("intake.p99_ms".to_owned(), latencies.percentile_ms(99.0)),
        ("intake.backlog".to_owned(), backlog as f64),
        ("intake.drain_s".to_owned(), drained),
    ]))
}

/// Submissions queued or running, as an admin sees them.
async fn queue(admin: &Admin) -> anyhow::Result<u64> {
    let stats = admin.stats().await?;
    let queue = &stats["queue"];
    let depth = queue["depth"].as_u64().context("queue.depth")?;
    let in_flight = queue["in_flight"].as_u64().context("queue.in_flight")?;
    Ok(depth + in_flight)
}
