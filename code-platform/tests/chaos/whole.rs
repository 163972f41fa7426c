//! The whole all-in-one process (`./platform up`'s binary: API, relay, UI and grader)
//! SIGKILLed every 2-4 s and started again under the same grader name, while learners
//! submit. Afterwards: no submission lost or graded twice, none stored as `error` (the
//! crashes were not theirs), and all final within 30 s of the last kill.
//!
//! `CHAOS_WHOLE_SECS` (default 40) is how long the kills go on.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::process::{Child, Command};
use tokio::sync::watch;

use crate::cluster::{free_port, Postgres, Redis, Scratch};
use crate::listener::Listener;
use crate::services::{ADMIN_PASSWORD, ADMIN_USERNAME};
use crate::{env_or, load, verify};

/// How long after the last kill every submission must be final.
const RECOVERY_BOUND: Duration = Duration::from_secs(30);

/// The all-in-one process, started again after each kill on the same port and name.
struct Platform {
    port: u16,
    database_url: String,
    redis_url: String,
    log_dir: std::path::PathBuf,
    lives: usize,
    child: Option<Child>,
}

impl Platform {
    fn start(&mut self) -> anyhow::Result<()> {
        self.lives += 1;
        // `grader-` logs are the ones the verifier counts stored results in.
        let log = std::fs::File::create(
            self.log_dir
                .join(format!("grader-whole-{}.log", self.lives)),
        )?;
        let child = Command::new(env!("CARGO_BIN_EXE_code-platform"))
            .env("DATABASE_URL", &self.database_url)
            .env("REDIS_URL", &self.redis_url)
            .env("CP_PORT", self.port.to_string())
            .env("CP_HOST", "127.0.0.1")
            .env("GRADER_CONSUMER", "whole-platform")
            // It is killed, not stopped: no containers started ahead to leave behind.
            .env("GRADER_WARM", "0")
            .env("ADMIN_USERNAME", ADMIN_USERNAME)
            .env("ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env(
                "UI_SITE_ROOT",
                concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site"),
            )
            .env("RUST_LOG", "info,sqlx=warn")
            .env("LOG_FORMAT", "json")
            .stdout(log.try_clone()?)
            .stderr(log)
            .kill_on_drop(true)
            .spawn()?;
        self.child = Some(child);
        Ok(())
    }

    async fn kill(&mut self) -> anyhow::Result<()> {
        if let Some(mut child) = self.child.take() {
            child.kill().await?;
        }
        Ok(())
    }
}

async fn ready(base: &str) {
    let client = reqwest::Client::new();
    loop {
        let up = client.get(format!("{base}/api/ready")).send().await;
        if up.is_ok_and(|response| response.status().is_success()) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_whole_platform_killed_every_few_seconds_blames_and_loses_nothing() {
    contract::telemetry::init_for_tests();
    let kill_for = Duration::from_secs(env_or("CHAOS_WHOLE_SECS", 40) as u64);
    let scratch = Scratch::new().unwrap();
    let postgres = Postgres::start(&scratch.0).unwrap();
    let redis = Redis::start(&scratch.0).await.unwrap();
    migrations::migrate(&postgres.url()).await.unwrap();
    let probe = sqlx::postgres::PgPoolOptions::new()
        .max_connections(3)
        .connect(&postgres.url())
        .await
        .unwrap();
    let mut platform = Platform {
        port: free_port(),
        database_url: postgres.url(),
        redis_url: redis.url(),
        log_dir: scratch.0.clone(),
        lives: 0,
        child: None,
    };
    let base = format!("http://127.0.0.1:{}", platform.port);
    platform.start().unwrap();
    ready(&base).await;
    let ws_url = format!("ws://127.0.0.1:{}/ws", platform.port);
    let listener = Listener::start(&base, ws_url).await;

    // A class's evening: a few learners, each submitting one thing at a time.
    // They go on until the kills end (the load's "cycled" signal), then finish what they
    // submitted.
    let tally = Arc::new(load::Tally::default());
    let learners = 8;
    let (stop_load, load_stopped) = watch::channel(false);
    let load = tokio::spawn(load::run(
        base.clone(),
        learners,
        0,
        Instant::now() + kill_for + RECOVERY_BOUND * 4,
        tally.clone(),
        load_stopped,
    ));

    let started = Instant::now();
    let mut kills = 0;
    while started.elapsed() < kill_for {
        let pause = 2000 + (uuid::Uuid::new_v4().as_u128() % 2000) as u64;
        tokio::time::sleep(Duration::from_millis(pause)).await;
        platform.kill().await.unwrap();
        kills += 1;
        platform.start().unwrap();
    }
    let last_kill = Instant::now();
    let _ = stop_load.send(true);
    let still_open = verify::wait_all_final(&probe, RECOVERY_BOUND).await;
    let recovered = last_kill.elapsed();
    load.await.expect("the learners finished");
    let (events, _) = listener.stop().await;
    let submitted = tally.submitted.lock().unwrap().clone();
    let verdict = verify::check(&probe, &submitted, &events, Path::new(&scratch.0)).await;
    platform.kill().await.unwrap();

    println!(
        "chaos (whole platform): {kills} kills in {:.0} s, {} submissions by {learners} learners; \
         all final {:.1} s after the last kill",
        kill_for.as_secs_f64(),
        submitted.len(),
        recovered.as_secs_f64()
    );
    print!("{}", verdict.counts);
    assert_eq!(
        still_open, 0,
        "submissions still open {RECOVERY_BOUND:?} after the last kill"
    );
    assert!(
        verdict.problems.is_empty(),
        "{} problems:\n{}",
        verdict.problems.len(),
        verdict.problems.join("\n")
    );
    assert!(!submitted.is_empty(), "the learners submitted");
}
