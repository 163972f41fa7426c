//! The chaos test of "Nothing lost": many learners submit while graders are SIGKILLed,
//! Redis is killed and its stream deleted, the websocket relay restarts and Postgres
//! stops for a few seconds. At the end every submission must be final with the verdict
//! its code deserves, none graded twice, and the listening client's events must agree
//! with the database.
//!
//! It runs on its own Postgres cluster and Redis server (see [`cluster`]), graders are
//! child processes of the real `grader-api` binary, and the API and relay run in this
//! process. `CHAOS_SUBMISSIONS` (default 120; a minimum, since the learners go on until
//! every kind of fault has hit once) and `CHAOS_LEARNERS` (default 40) size it;
//! `./platform chaos N` is the larger run. `CHAOS_KEEP=1` keeps the logs and data
//! directory; `CHAOS_GRADER_BIN` overrides the grader executable.

#[path = "../common/cases.rs"]
mod cases;
mod cluster;
mod faults;
mod graders;
mod listener;
mod load;
mod services;
mod verify;
mod whole;

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;

use cluster::{Postgres, Redis, Scratch};
use faults::Chaos;
use graders::Graders;
use listener::Listener;
use services::Services;

/// Grader processes running at any time.
const GRADERS: usize = 3;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn nothing_is_lost_whatever_dies() {
    contract::telemetry::init_for_tests();
    let total = env_or("CHAOS_SUBMISSIONS", 120);
    let learners = env_or("CHAOS_LEARNERS", 40).min(total).max(1);
    // Generous: the load itself takes about a second per submission per grader slot.
    let load_deadline = Instant::now() + Duration::from_secs(120 + 2 * total as u64);

    let scratch = Scratch::new().unwrap();
    let postgres = Postgres::start(&scratch.0).unwrap();
    let mut redis = Redis::start(&scratch.0).await.unwrap();
    migrations::migrate(&postgres.url()).await.unwrap();
    let probe = sqlx::postgres::PgPoolOptions::new()
        .max_connections(3)
        .acquire_timeout(Duration::from_secs(2))
        .connect(&postgres.url())
        .await
        .unwrap();

    let mut graders = Graders::new(postgres.url(), redis.url(), &scratch.0).unwrap();
    for _ in 0..GRADERS {
        graders.spawn().unwrap();
    }
    let mut services = Services::start(postgres.url(), redis.url()).await.unwrap();
    let listener = Listener::start(&services.api_base, services.ws_url()).await;

    let started = Instant::now();
    let tally = Arc::new(load::Tally::default());
    let (done_tx, done) = watch::channel(false);
    let (cycled_tx, cycled) = watch::channel(false);
    let (services_base, tally_for_load) = (services.api_base.clone(), tally.clone());
    // The load tells the fault loop to stop when it is done.
    let load = tokio::spawn(async move {
        load::run(
            services_base,
            learners,
            total,
            load_deadline,
            tally_for_load,
            cycled,
        )
        .await;
        let _ = done_tx.send(true);
    });
    let mut chaos = Chaos {
        probe: probe.clone(),
        postgres: &postgres,
        redis: &mut redis,
        graders: &mut graders,
        services: &mut services,
        unexpected_exits: 0,
    };
    let recoveries = chaos.run(done, cycled_tx).await;
    let unexpected_exits = chaos.unexpected_exits;
    let recoveries = match recoveries {
        Ok(recoveries) => recoveries,
        Err(err) => {
            load.abort();
            panic!("injecting faults: {err:#}; logs in {}", scratch.0.display());
        }
    };
    if let Err(err) = load.await {
        panic!(
            "the load failed: {err}; logs in {} (set CHAOS_KEEP=1 to keep them)",
            scratch.0.display()
        );
    }
    let load_time = started.elapsed();

    let still_open = verify::wait_all_final(&probe, Duration::from_secs(120)).await;
    let (events, connections) = listener.stop().await;
    let submitted = tally.submitted.lock().unwrap().clone();
    let verdict = verify::check(&probe, &submitted, &events, &scratch.0).await;
    services.stop().await.unwrap();

    println!(
        "chaos: {} submissions (at least {total}) by {learners} learners in {:.1}s, {} graders started, {} killed, \
         {} stopped by SIGTERM, {unexpected_exits} exited by themselves",
        submitted.len(),
        load_time.as_secs_f64(),
        graders.started(),
        graders.killed,
        graders.rolled
    );
    print!("{}", verdict.counts);
    println!(
        "  learners saw {} 5xx answers, {} failed requests, {} 409 conflicts",
        tally.unavailable.load(std::sync::atomic::Ordering::Relaxed),
        tally
            .transport_errors
            .load(std::sync::atomic::Ordering::Relaxed),
        tally.conflicts.load(std::sync::atomic::Ordering::Relaxed),
    );
    println!("  the listening client connected {connections} times");
    println!("recovery (seconds after the repair, database clock):");
    print!("{}", faults::summarize(&recoveries));

    assert_eq!(still_open, 0, "submissions still open after the drain");
    assert!(
        verdict.problems.is_empty(),
        "{} problems:\n{}",
        verdict.problems.len(),
        verdict.problems.join("\n")
    );
    assert!(
        submitted.len() >= total,
        "every learner made its submissions"
    );
    assert_eq!(unexpected_exits, 0, "graders must only die when killed");
}
