//! Jobs run side by side, up to the number of slots.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use contract::Status;

use crate::helpers::{eventually, TestEnv};
use crate::test_sandbox::TestSandbox;

#[tokio::test]
async fn runs_as_many_jobs_at_once_as_it_has_slots() {
    let mut env = TestEnv::new().await;
    env.config.slots = 2;
    let mut ids = Vec::new();
    for _ in 0..4 {
        let (_, id) = env
            .insert_submission("print('Hello')", Status::Queued)
            .await;
        env.enqueue(id).await;
        ids.push(id);
    }
    // Runs pass the barrier only in pairs: one slot would never finish a job, and a
    // third concurrent run would show up in `max_running`.
    let sandbox = Arc::new(TestSandbox::with_barrier(2));
    let grader = env.spawn(sandbox.clone()).await;

    for id in ids {
        eventually("every submission is graded", || async {
            env.row(id).await.0.status == Status::Passed
        })
        .await;
    }
    assert_eq!(sandbox.max_running.load(Ordering::SeqCst), 2);
    assert_eq!(sandbox.runs(), 4);
    eventually("all entries are acknowledged", || async {
        env.pending().await == 0
    })
    .await;
    grader.stop().await;
}

#[tokio::test]
async fn shutdown_stops_reading_and_lets_the_running_job_finish() {
    let mut env = TestEnv::new().await;
    env.config.slots = 1;
    let (_, running) = env
        .insert_submission("print('Hello')", Status::Queued)
        .await;
    let (_, waiting) = env
        .insert_submission("print('Hello')", Status::Queued)
        .await;
    let sandbox = Arc::new(TestSandbox::gated());
    let mut grader = env.spawn(sandbox.clone()).await;
    env.enqueue(running).await;
    eventually("the first job runs", || async { sandbox.runs() == 1 }).await;
    // The only slot is busy, so this entry is not read before the shutdown.
    env.enqueue(waiting).await;

    grader.signal_stop();
    sandbox.release();
    grader.stop().await;
    assert_eq!(
        env.row(running).await.0.status,
        Status::Passed,
        "the in-flight job finished"
    );
    assert_eq!(env.pending().await, 0, "and was acknowledged");
    assert_eq!(
        env.row(waiting).await.0.status,
        Status::Queued,
        "no new job was taken"
    );
    assert_eq!(sandbox.runs(), 1);
}
