//! Recovery paths: a grader killed mid-grade, a duplicate delivery, a shutdown that
//! outlasts its deadline, and Postgres or Redis going away and coming back.

use std::sync::Arc;
use std::time::Duration;

use contract::fault::TcpProxy;
use contract::Status;

use crate::health::get;
use crate::helpers::{eventually, statuses, until_final, RunningGrader, TestEnv, PATIENCE};

mod takeover;
use crate::test_sandbox::TestSandbox;

/// The value of an unlabelled counter on the grader's `/metrics`.
async fn metric(grader: &RunningGrader, name: &str) -> u64 {
    let (_, body) = get(&grader.router, "/metrics").await;
    body.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {body}"))
}

/// Runs until a gated sandbox holds `count` more jobs, then kills the grader.
async fn kill_while_running(grader: RunningGrader, sandbox: &TestSandbox, count: usize) {
    eventually("the grader runs its jobs", || async {
        sandbox.runs() == count
    })
    .await;
    grader.kill().await;
}

/// Short timeouts, so reclaims happen within the test.
fn quick_reclaims(env: &mut TestEnv) {
    env.config.visibility_timeout = Duration::from_millis(300);
    env.config.reclaim_interval = Duration::from_millis(100);
}

#[tokio::test]
async fn a_second_delivery_while_the_row_is_graded_is_not_graded_twice() {
    let mut env = TestEnv::new().await;
    env.config.visibility_timeout = Duration::from_secs(3);
    env.config.reclaim_interval = Duration::from_millis(100);
    let (user, id) = env
        .insert_submission("print('Hello')", Status::Queued)
        .await;
    let mut events = env.subscribe(user).await;
    let sandbox = Arc::new(TestSandbox::gated());
    let grader = env.spawn(sandbox.clone()).await;
    env.enqueue(id).await;
    env.enqueue(id).await;
    eventually("the duplicate is turned away", || async {
        sandbox.runs() == 1 && metric(&grader, "grader_busy_deliveries_total").await == 1
    })
    .await;
    sandbox.release();

    let seen = until_final(&mut events).await;
    assert_eq!(statuses(&seen), [Status::Running, Status::Passed]);
    // The duplicate stays pending until it is reclaimed, then finds the row final.
    eventually("both entries are acknowledged", || async {
        env.pending().await == 0
    })
    .await;
    assert_eq!(sandbox.runs(), 1);
    assert_eq!(env.row(id).await.1, 1, "taken once");
    grader.stop().await;
}

#[tokio::test]
async fn shutdown_hands_back_a_job_that_outlasts_the_deadline() {
    let mut env = TestEnv::new().await;
    quick_reclaims(&mut env);
    env.config.shutdown_grace = Duration::from_millis(200);
    sqlx::query("UPDATE assignments SET time_limit_ms = 50 WHERE slug = 'hello'")
        .execute(&env.db)
        .await
        .unwrap();
    let (user, id) = env
        .insert_submission("print('Hello')", Status::Queued)
        .await;
    let mut events = env.subscribe(user).await;
    let stuck = Arc::new(TestSandbox::gated());
    let stopping = env.spawn(stuck.clone()).await;
    env.enqueue(id).await;
    eventually("the job runs", || async { stuck.runs() == 1 }).await;
    stopping.stop().await;
    assert_eq!(env.row(id).await.0.status, Status::Running);
    // Handed back at once: the delivery is replaced by a new entry, the lease is free and
    // nothing is counted against the submission.
    assert_eq!(env.pending().await, 0, "the cut-off delivery is replaced");
    assert_eq!(env.blame(id).await, (0, 0));

    let grader = env.spawn(Arc::new(TestSandbox::new())).await;
    let seen = until_final(&mut events).await;
    assert_eq!(
        statuses(&seen),
        [Status::Running, Status::Running, Status::Passed]
    );
    grader.stop().await;
}

#[tokio::test]
async fn a_postgres_outage_leaves_jobs_pending_until_it_returns() {
    let mut env = TestEnv::new().await;
    quick_reclaims(&mut env);
    let (proxy, url) = TcpProxy::for_url(&env.config.database_url).await.unwrap();
    env.config.database_url = url;
    let (user, id) = env
        .insert_submission("print('Hello')", Status::Queued)
        .await;
    let mut events = env.subscribe(user).await;
    let grader = env.spawn(Arc::new(TestSandbox::new())).await;

    proxy.cut();
    env.enqueue(id).await;
    eventually("taking the job fails", || async {
        metric(&grader, "grader_platform_failures_total").await >= 1
    })
    .await;
    assert_eq!(env.pending().await, 1, "the job stays pending");
    assert_eq!(env.row(id).await.0.status, Status::Queued);

    proxy.restore();
    let seen = until_final(&mut events).await;
    assert_eq!(statuses(&seen), [Status::Running, Status::Passed]);
    assert_eq!(env.row(id).await.1, 1);
    grader.stop().await;
}

#[tokio::test]
async fn a_redis_outage_is_waited_out() {
    let mut env = TestEnv::new().await;
    let (proxy, url) = TcpProxy::for_url(&env.config.redis_url).await.unwrap();
    env.config.redis_url = url;
    let (user, id) = env
        .insert_submission("print('Hello')", Status::Queued)
        .await;
    let mut events = env.subscribe(user).await;
    let grader = env.spawn(Arc::new(TestSandbox::new())).await;

    proxy.cut();
    env.enqueue(id).await;
    // While Redis is unreachable nothing is taken.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(env.row(id).await.0.status, Status::Queued);
    proxy.restore();
    // The `running` event may be lost to the reconnection; the result is not.
    let seen = until_final(&mut events).await;
    assert_eq!(seen.last().map(|s| s.status), Some(Status::Passed));
    assert_eq!(env.row(id).await, (seen.last().unwrap().clone(), 1));
    grader.stop().await;
}

#[tokio::test]
async fn build_waits_for_postgres_and_redis() {
    let mut env = TestEnv::new().await;
    let (postgres, url) = TcpProxy::for_url(&env.config.database_url).await.unwrap();
    env.config.database_url = url;
    let (redis, url) = TcpProxy::for_url(&env.config.redis_url).await.unwrap();
    env.config.redis_url = url;
    postgres.cut();
    redis.cut();
    let config = env.config.clone();
    let building = tokio::spawn(grader_api::build_with_sandbox(
        config,
        Arc::new(TestSandbox::new()),
    ));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!building.is_finished(), "build waits instead of failing");
    postgres.restore();
    redis.restore();
    let built = tokio::time::timeout(PATIENCE, building).await;
    built
        .expect("build finished")
        .unwrap()
        .expect("build succeeded");
}
