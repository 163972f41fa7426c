//! The platform measured through its public API, as a client would: POST -> final
//! WebSocket frame, bursts of 1, 4, 16 and 64 learners submitting at once (the largest
//! keeps every grader slot busy), and cached GETs.

use std::time::{Duration, Instant};

use anyhow::bail;

use crate::client::{final_status, fresh, hello, Admin, Learner};
use crate::load;
use crate::stats::{Figures, Sample};

/// The settings of a platform run (environment variables of `cp-bench platform`).
pub(crate) struct Settings {
    /// POST -> final frame runs, one after the other (`BENCH_RUNS`, default 100).
    pub(crate) runs: usize,
    /// Learners submitting at once, one burst per entry (`BENCH_LEARNERS`, default
    /// `1,4,16,64`); the largest is the throughput with every slot busy.
    pub(crate) bursts: Vec<usize>,
    /// Connections of each cached-GET load (`BENCH_CONNECTIONS`, default 64).
    pub(crate) connections: usize,
    /// Measured seconds of each cached-GET load (`BENCH_SECONDS`, default 10).
    pub(crate) seconds: u64,
}

pub(crate) async fn measure(
    base: &str,
    backend: &str,
    settings: &Settings,
) -> anyhow::Result<Figures> {
    let mut figures = Figures::new();
    let learner = Learner::new(base).await?;
    let (hello, reference) = hello(&learner).await?;

    eprintln!(
        "[{backend}] POST -> final frame for Hello, {} runs one after another",
        settings.runs
    );
    let mut socket = learner.connect().await?;
    let mut sample = Sample::default();
    let mut last_id = String::new();
    for run in 0..=settings.runs {
        let started = Instant::now();
        let id = learner.submit(hello, &fresh(&reference)).await?;
        let status = final_status(&mut socket, &id).await?;
        if status != "passed" {
            bail!("Hello's reference got {status}");
        }
        // The first run warms connections and caches; it is not counted.
        if run > 0 {
            sample.push(started.elapsed());
        }
        if run % 20 == 0 {
            eprintln!("  {run}/{} ...", settings.runs);
        }
        last_id = id;
    }
    for (name, p) in [("p50", 50.0), ("p95", 95.0), ("p99", 99.0)] {
        figures.insert(format!("{backend}.e2e_{name}_ms"), sample.percentile_ms(p));
    }

    let slots = Admin::login(base).await?.slots().await?;
    figures.insert(format!("{backend}.slots"), slots as f64);
    for &learners in &settings.bursts {
        eprintln!(
            "[{backend}] a burst of {learners} learner(s) submitting Hello at once ({slots} grader slots), until every one is final"
        );
        let (grades_per_second, burst) = burst(base, hello, &reference, learners).await?;
        eprintln!(
            "  {grades_per_second:.1} grades/s, each p50 {:.0} ms, p99 {:.0} ms",
            burst.percentile_ms(50.0),
            burst.percentile_ms(99.0)
        );
        let prefix = format!("{backend}.burst_{learners}");
        figures.insert(format!("{prefix}_grades_per_s"), grades_per_second);
        figures.insert(format!("{prefix}_p50_ms"), burst.percentile_ms(50.0));
        figures.insert(format!("{prefix}_p99_ms"), burst.percentile_ms(99.0));
    }

    let auth = format!("Bearer {}", learner.token);
    let paths = [
        ("assignments", "/api/assignments".to_owned()),
        ("progress", "/api/me/progress".to_owned()),
        ("submission", format!("/api/submissions/{last_id}")),
    ];
    for (name, path) in paths {
        eprintln!(
            "[{backend}] GET {path}: {} connections, {} s",
            settings.connections, settings.seconds
        );
        let measured = load::get(
            &format!("{base}{path}"),
            &[("Authorization", &auth)],
            settings.connections,
            Duration::from_secs(2),
            Duration::from_secs(settings.seconds),
        )
        .await?;
        if measured.errors > 0 {
            bail!("GET {path}: {} errors", measured.errors);
        }
        figures.insert(format!("{backend}.get_{name}_rps"), measured.rps());
        figures.insert(
            format!("{backend}.get_{name}_p50_ms"),
            measured.latencies.percentile_ms(50.0),
        );
        figures.insert(
            format!("{backend}.get_{name}_p99_ms"),
            measured.latencies.percentile_ms(99.0),
        );
    }
    Ok(figures)
}

/// `learners` learners, each connected, submit at the same moment; grades per second
/// until the last is final, and each one's POST -> final frame.
async fn burst(
    base: &str,
    hello: i64,
    reference: &str,
    learners: usize,
) -> anyhow::Result<(f64, Sample)> {
    let mut ready = Vec::new();
    for _ in 0..learners {
        let learner = Learner::new(base).await?;
        let socket = learner.connect().await?;
        ready.push((learner, socket));
    }
    let started = Instant::now();
    let runs = ready.into_iter().map(|(learner, mut socket)| {
        let code = fresh(reference);
        async move {
            let submitted = Instant::now();
            let id = learner.submit(hello, &code).await?;
            let status = final_status(&mut socket, &id).await?;
            anyhow::ensure!(status == "passed", "a burst submission got {status}");
            Ok::<_, anyhow::Error>(submitted.elapsed())
        }
    });
    let times = futures::future::try_join_all(runs).await?;
    let elapsed = started.elapsed();
    let mut sample = Sample::default();
    sample.extend(times);
    Ok((learners as f64 / elapsed.as_secs_f64(), sample))
}
