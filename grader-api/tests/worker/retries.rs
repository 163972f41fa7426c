//! Platform failures: jobs stay pending, are reclaimed, and give up after the limit.

use std::sync::Arc;
use std::time::Duration;

use contract::Status;

use crate::helpers::{eventually, statuses, until_final, TestEnv};
use crate::test_sandbox::TestSandbox;

#[tokio::test]
async fn a_job_failing_in_a_working_sandbox_is_retried_then_stored_as_error() {
    let mut env = TestEnv::new().await;
    env.config.max_attempts = 2;
    // No reclaim by timeout: the retries are hand-backs.
    env.config.visibility_timeout = Duration::from_secs(600);
    let (user, id) = env.insert_submission("crash()", Status::Queued).await;
    let mut events = env.subscribe(user).await;
    let sandbox = Arc::new(TestSandbox::new());
    let grader = env.spawn(sandbox.clone()).await;
    env.enqueue(id).await;

    // After the first failure the row is still open and the failure counted.
    eventually("the first failure is counted", || async {
        env.blame(id).await == (1, 0)
    })
    .await;
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

#[tokio::test]
async fn a_failure_while_the_sandbox_is_down_counts_against_no_submission() {
    let mut env = TestEnv::new().await;
    env.config.max_attempts = 1;
    env.config.visibility_timeout = Duration::from_secs(600);
    let (user, id) = env.insert_submission("crash()", Status::Queued).await;
    let mut events = env.subscribe(user).await;
    let sandbox = Arc::new(TestSandbox::new());
    sandbox.set_sick(true);
    let grader = env.spawn(sandbox.clone()).await;
    env.enqueue(id).await;

    eventually("the run fails", || async { sandbox.runs() >= 1 }).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        env.blame(id).await,
        (0, 0),
        "Docker down is not the learner's doing"
    );
    assert!(!env.row(id).await.0.status.is_final());
    // Once the sandbox answers again, the same failure is the job's own.
    sandbox.set_sick(false);
    let seen = until_final(&mut events).await;
    assert_eq!(seen.last().map(|s| s.status), Some(Status::Error));
    assert_eq!(env.blame(id).await, (1, 0));
    grader.stop().await;
}

#[tokio::test]
async fn text_postgres_cannot_hold_is_replaced_and_a_refused_result_is_an_error_at_once() {
    let mut env = TestEnv::new().await;
    env.config.visibility_timeout = Duration::from_secs(600);
    // NUL in every text field of the grade: stored with U+FFFD, published the same.
    let (user, id) = env
        .insert_submission("print('fail nul')", Status::Queued)
        .await;
    let mut events = env.subscribe(user).await;
    let grader = env.spawn(Arc::new(TestSandbox::new())).await;
    env.enqueue(id).await;
    let seen = until_final(&mut events).await;
    let stored = env.row(id).await.0;
    assert_eq!(seen.last(), Some(&stored));
    assert_eq!(stored.status, Status::Failed);
    assert_eq!(stored.feedback.as_deref(), Some("printed \u{FFFD} here"));
    assert_eq!(stored.tests[0].message.as_deref(), Some("\u{FFFD}\u{FFFD}"));

    // Values Postgres refuses for good (a data exception, here raised by a trigger) end as
    // an `error` at once instead of a job retried until the delivery limit.
    sqlx::raw_sql(
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
           IF NEW.feedback LIKE '%refuse me%' THEN \
             RAISE EXCEPTION 'refused' USING ERRCODE = '22021'; END IF; RETURN NEW; END $$; \
         CREATE TRIGGER refuse BEFORE UPDATE ON submissions FOR EACH ROW EXECUTE FUNCTION refuse();",
    )
    .execute(&env.db)
    .await
    .unwrap();
    let (user, id) = env
        .insert_submission("print('fail refuse me')", Status::Queued)
        .await;
    let mut events = env.subscribe(user).await;
    env.enqueue(id).await;
    let seen = until_final(&mut events).await;
    let stored = env.row(id).await.0;
    assert_eq!(seen.last(), Some(&stored));
    assert_eq!(stored.status, Status::Error);
    assert!(stored
        .feedback
        .unwrap()
        .contains("could not store the result"));
    assert_eq!(env.row(id).await.1, 1, "taken once: no retry");
    grader.stop().await;
}
