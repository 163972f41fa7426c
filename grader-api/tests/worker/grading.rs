//! One job from the stream to a stored, published verdict.

use std::sync::Arc;

use contract::{Status, Verdict};

use crate::helpers::{eventually, statuses, until_final, TestEnv};
use crate::test_sandbox::TestSandbox;

#[tokio::test]
async fn a_passing_job_is_published_running_then_passed_stored_and_acked() {
    let env = TestEnv::new().await;
    let (user, id) = env
        .insert_submission("print('Hello')", Status::Queued)
        .await;
    let progress = env.keys.progress_cache(user);
    let _: () = redis::cmd("SET")
        .arg(&progress)
        .arg("[]")
        .query_async(&mut env.redis.clone())
        .await
        .unwrap();
    let mut events = env.subscribe(user).await;
    let sandbox = Arc::new(TestSandbox::new());
    let grader = env.spawn(sandbox.clone()).await;
    env.enqueue(id).await;

    let seen = until_final(&mut events).await;
    assert_eq!(statuses(&seen), [Status::Running, Status::Passed]);
    assert!(seen.iter().all(|s| s.id == id && s.user_id == user));
    let (row, attempts) = env.row(id).await;
    assert_eq!(row, seen[1], "the published event is the stored row");
    assert_eq!(row.status, Status::Passed);
    assert_eq!(row.verdict, None);
    assert_eq!(row.tests.len(), 1);
    assert_eq!(row.feedback.as_deref(), Some("All tests passed."));
    assert_eq!(row.duration_ms, Some(12));
    assert!(row.graded_at.is_some());
    assert_eq!(attempts, 1);
    eventually("the entry is acknowledged", || async {
        env.pending().await == 0
    })
    .await;
    let cached: bool = redis::cmd("EXISTS")
        .arg(&progress)
        .query_async(&mut env.redis.clone())
        .await
        .unwrap();
    assert!(!cached, "a pass drops the learner's progress cache");
    assert_eq!(sandbox.runs(), 1);
    grader.stop().await;
}

#[tokio::test]
async fn a_failing_job_is_stored_as_failed_with_its_verdict() {
    let env = TestEnv::new().await;
    let (user, id) = env.insert_submission("print('fail')", Status::Queued).await;
    let mut events = env.subscribe(user).await;
    let grader = env.spawn(Arc::new(TestSandbox::new())).await;
    env.enqueue(id).await;

    let seen = until_final(&mut events).await;
    assert_eq!(statuses(&seen), [Status::Running, Status::Failed]);
    let (row, _) = env.row(id).await;
    assert_eq!(row.verdict, Some(Verdict::TestsFailed));
    assert!(!row.tests[0].passed);
    eventually("the entry is acknowledged", || async {
        env.pending().await == 0
    })
    .await;
    grader.stop().await;
}

#[tokio::test]
async fn a_job_for_an_already_graded_submission_is_acked_without_changes() {
    let env = TestEnv::new().await;
    let (_, id) = env
        .insert_submission("print('Hello')", Status::Passed)
        .await;
    let before = env.row(id).await;
    let sandbox = Arc::new(TestSandbox::new());
    let grader = env.spawn(sandbox.clone()).await;
    let entry = env.enqueue(id).await;

    eventually("the entry is delivered and acknowledged", || async {
        env.last_delivered().await == entry && env.pending().await == 0
    })
    .await;
    assert_eq!(env.row(id).await, before, "row and attempts unchanged");
    assert_eq!(sandbox.runs(), 0);
    grader.stop().await;
}

#[tokio::test]
async fn jobs_without_a_valid_submission_id_are_dropped() {
    let env = TestEnv::new().await;
    let grader = env.spawn(Arc::new(TestSandbox::new())).await;
    let missing = env.enqueue(uuid::Uuid::new_v4()).await;
    let garbage: String = redis::cmd("XADD")
        .arg(env.keys.submission_stream())
        .arg("*")
        .arg(contract::keys::JOB_FIELD)
        .arg("not-a-uuid")
        .query_async(&mut env.redis.clone())
        .await
        .unwrap();
    assert!(garbage > missing);
    eventually("both entries are acknowledged", || async {
        env.last_delivered().await == garbage && env.pending().await == 0
    })
    .await;
    grader.stop().await;
}
