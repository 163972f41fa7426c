//! A dead grader is known dead within its heartbeat's expiry, and its jobs are taken over
//! then, not after the visibility timeout; only a death while alone counts against a job.

use std::sync::Arc;
use std::time::{Duration, Instant};

use contract::Status;

use super::kill_while_running;
use crate::helpers::{eventually, statuses, until_final, TestEnv};
use crate::test_sandbox::TestSandbox;

/// Far beyond what any of these tests waits: a reclaim by timeout would fail them.
const NEVER: Duration = Duration::from_secs(600);

fn slow_reclaims(env: &mut TestEnv) {
    env.config.visibility_timeout = NEVER;
    env.config.reconcile.interval = NEVER;
}

#[tokio::test]
async fn a_dead_graders_job_is_taken_over_within_seconds() {
    let mut env = TestEnv::new().await;
    slow_reclaims(&mut env);
    let (user, id) = env
        .insert_submission("print('Hello')", Status::Queued)
        .await;
    let mut events = env.subscribe(user).await;
    let stuck = Arc::new(TestSandbox::gated());
    let doomed = env.spawn(stuck.clone()).await;
    env.enqueue(id).await;
    kill_while_running(doomed, &stuck, 1).await;
    let died = Instant::now();
    assert_eq!(env.row(id).await.0.status, Status::Running);
    assert_eq!(
        env.pending().await,
        1,
        "the killed grader never acknowledged"
    );
    let sandbox = Arc::new(TestSandbox::new());
    let survivor = env.spawn(sandbox.clone()).await;

    let seen = until_final(&mut events).await;
    assert_eq!(
        statuses(&seen),
        [Status::Running, Status::Running, Status::Passed]
    );
    assert!(
        died.elapsed() < Duration::from_secs(5),
        "taken over after {:?}",
        died.elapsed()
    );
    assert_eq!(env.row(id).await.1, 2, "taken twice");
    assert_eq!(
        env.blame(id).await,
        (0, 1),
        "a death while alone counts once"
    );
    assert_eq!(sandbox.runs(), 1);
    eventually("the entry is acknowledged", || async {
        env.pending().await == 0
    })
    .await;
    survivor.stop().await;
}

#[tokio::test]
async fn a_death_that_took_several_jobs_down_blames_none() {
    let mut env = TestEnv::new().await;
    slow_reclaims(&mut env);
    let mut jobs = Vec::new();
    for _ in 0..2 {
        let (user, id) = env
            .insert_submission("print('Hello')", Status::Queued)
            .await;
        jobs.push((id, env.subscribe(user).await));
    }
    let stuck = Arc::new(TestSandbox::gated());
    let doomed = env.spawn(stuck.clone()).await;
    for (id, _) in &jobs {
        env.enqueue(*id).await;
    }
    kill_while_running(doomed, &stuck, 2).await;

    let survivor = env.spawn(Arc::new(TestSandbox::new())).await;
    for (id, events) in &mut jobs {
        let seen = until_final(events).await;
        assert_eq!(statuses(&seen).last(), Some(&Status::Passed));
        assert_eq!(env.blame(*id).await, (0, 0));
    }
    survivor.stop().await;
}

#[tokio::test]
async fn a_submission_whose_grader_keeps_dying_alone_ends_as_error() {
    let mut env = TestEnv::new().await;
    slow_reclaims(&mut env);
    env.config.max_crashes = 2;
    let (user, id) = env
        .insert_submission("print('Hello')", Status::Queued)
        .await;
    let mut events = env.subscribe(user).await;
    env.enqueue(id).await;
    for _ in 0..2 {
        let stuck = Arc::new(TestSandbox::gated());
        kill_while_running(env.spawn(stuck.clone()).await, &stuck, 1).await;
    }

    let sandbox = Arc::new(TestSandbox::new());
    let grader = env.spawn(sandbox.clone()).await;
    let seen = until_final(&mut events).await;
    let last = seen.last().unwrap();
    assert_eq!(last.status, Status::Error);
    assert!(last
        .feedback
        .as_deref()
        .unwrap()
        .contains("stopped every time"));
    assert_eq!(env.blame(id).await, (0, 2));
    assert_eq!(sandbox.runs(), 0, "not run a third time");
    grader.stop().await;
}

#[tokio::test]
async fn a_grader_restarted_under_its_name_takes_its_own_jobs_back_at_once() {
    let mut env = TestEnv::new().await;
    slow_reclaims(&mut env);
    // A heartbeat that outlives the test: only the restart can explain a quick takeover.
    env.config.heartbeat_interval = Duration::from_secs(60);
    let (user, id) = env
        .insert_submission("print('Hello')", Status::Queued)
        .await;
    let mut events = env.subscribe(user).await;
    let stuck = Arc::new(TestSandbox::gated());
    let first_life = env.spawn_named("fixed-name", stuck.clone()).await;
    env.enqueue(id).await;
    kill_while_running(first_life, &stuck, 1).await;

    let restarted = Instant::now();
    let second_life = env
        .spawn_named("fixed-name", Arc::new(TestSandbox::new()))
        .await;
    let seen = until_final(&mut events).await;
    assert_eq!(statuses(&seen).last(), Some(&Status::Passed));
    assert!(restarted.elapsed() < Duration::from_secs(5));
    assert_eq!(env.blame(id).await, (0, 1));
    second_life.stop().await;
}
