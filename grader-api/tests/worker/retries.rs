//! Platform failures: jobs stay pending, are reclaimed, and give up after the limit.

use std::sync::Arc;
use std::time::Duration;

use contract::Status;

use crate::helpers::{eventually, statuses, until_final, TestEnv};
use crate::test_sandbox::TestSandbox;

#[tokio::test]
async fn a_failing_sandbox_is_retried_after_reclaim_then_stored_as_error() {
    let mut env = TestEnv::new().await;
    env.config.max_attempts = 2;
    env.config.visibility_timeout = Duration::from_millis(200);
    env.config.reclaim_interval = Duration::from_millis(100);
    let (user, id) = env.insert_submission("crash()", Status::Queued).await;
    let mut events = env.subscribe(user).await;
    let sandbox = Arc::new(TestSandbox::new());
    let grader = env.spawn(sandbox.clone()).await;
    env.enqueue(id).await;

    // After the first failure the entry is still pending and the row still open.
    eventually("the first run", || async { sandbox.runs() >= 1 }).await;
    assert_eq!(env.pending().await, 1);
    assert!(!env.row(id).await.0.status.is_final());

    let seen = until_final(&mut events).await;
    assert_eq!(
        statuses(&seen),
        [Status::Running, Status::Running, Status::Error]
    );
    let (row, attempts) = env.row(id).await;
    assert_eq!(row.status, Status::Error);
    assert_eq!(row.verdict, None);
    assert_eq!(
        row.feedback.as_deref(),
        Some("The grader could not finish this submission; please submit again.")
    );
    assert_eq!(attempts, 3, "two runs, then the delivery that gave up");
    assert_eq!(sandbox.runs(), 2);
    eventually("the entry is acknowledged", || async {
        env.pending().await == 0
    })
    .await;
    grader.stop().await;
}

#[tokio::test]
async fn an_entry_left_by_a_dead_grader_is_reclaimed_and_graded() {
    let mut env = TestEnv::new().await;
    env.config.visibility_timeout = Duration::from_millis(200);
    env.config.reclaim_interval = Duration::from_millis(100);
    let (user, id) = env
        .insert_submission("print('Hello')", Status::Queued)
        .await;
    env.enqueue(id).await;
    // Another consumer takes the entry and "dies" without acknowledging it.
    let _: () = redis::cmd("XGROUP")
        .arg("CREATE")
        .arg(env.keys.submission_stream())
        .arg(contract::keys::GRADER_GROUP)
        .arg("0")
        .query_async(&mut env.redis.clone())
        .await
        .unwrap();
    let _: redis::Value = redis::cmd("XREADGROUP")
        .arg("GROUP")
        .arg(contract::keys::GRADER_GROUP)
        .arg("dead-grader")
        .arg("COUNT")
        .arg(1)
        .arg("STREAMS")
        .arg(env.keys.submission_stream())
        .arg(">")
        .query_async(&mut env.redis.clone())
        .await
        .unwrap();
    assert_eq!(env.pending().await, 1);

    let mut events = env.subscribe(user).await;
    let grader = env.spawn(Arc::new(TestSandbox::new())).await;
    let seen = until_final(&mut events).await;
    assert_eq!(statuses(&seen), [Status::Running, Status::Passed]);
    eventually("the entry is acknowledged", || async {
        env.pending().await == 0
    })
    .await;
    grader.stop().await;
}
