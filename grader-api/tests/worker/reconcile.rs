//! The reconciler puts open submissions that Redis lost back on the stream, once, and
//! only one grader reconciles at a time.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use contract::keys::{GRADER_GROUP, JOB_FIELD};
use contract::Status;
use grader_api::reconcile::{self, ReconcileConfig};
use redis::streams::StreamRangeReply;
use sqlx::Connection;
use uuid::Uuid;

use crate::helpers::{eventually, statuses, until_final, TestEnv};
use crate::test_sandbox::TestSandbox;

impl TestEnv {
    /// Makes a row look as if it was created (and started, when running) long ago.
    async fn age(&self, id: Uuid) {
        sqlx::query(
            "UPDATE submissions SET created_at = now() - interval '1 hour', \
             queued_at = now() - interval '1 hour', \
             started_at = CASE WHEN status = 'running' THEN now() - interval '1 hour' END \
             WHERE id = $1",
        )
        .bind(id)
        .execute(&self.db)
        .await
        .unwrap();
    }

    async fn reconcile(&self, config: &ReconcileConfig) -> usize {
        let mut redis = redis::aio::ConnectionManager::new(self.client.clone())
            .await
            .unwrap();
        let languages: Vec<_> = course::languages::all().values().collect();
        reconcile::run_once(&self.db, &mut redis, &self.keys, config, &languages)
            .await
            .expect("reconcile pass")
    }

    /// The submission ids of every entry in the stream, in order.
    async fn stream_jobs(&self) -> Vec<Uuid> {
        let reply: StreamRangeReply = redis::cmd("XRANGE")
            .arg(self.keys.submission_stream())
            .arg("-")
            .arg("+")
            .query_async(&mut self.redis.clone())
            .await
            .unwrap();
        reply
            .ids
            .iter()
            .map(|entry| Uuid::parse_str(&entry.get::<String>(JOB_FIELD).unwrap()).unwrap())
            .collect()
    }

    async fn delete_stream(&self) {
        let _: i64 = redis::cmd("DEL")
            .arg(self.keys.submission_stream())
            .query_async(&mut self.redis.clone())
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn re_enqueues_only_old_open_rows_the_stream_does_not_hold() {
    let env = TestEnv::new().await;
    let old_queued = env.insert_submission("a", Status::Queued).await.1;
    let new_queued = env.insert_submission("b", Status::Queued).await.1;
    let old_running = env.insert_submission("c", Status::Running).await.1;
    let new_running = env.insert_submission("d", Status::Running).await.1;
    sqlx::query("UPDATE submissions SET started_at = now() WHERE id = $1")
        .bind(new_running)
        .execute(&env.db)
        .await
        .unwrap();
    let old_final = env.insert_submission("e", Status::Passed).await.1;
    let pending = env.insert_submission("f", Status::Queued).await.1;
    let waiting = env.insert_submission("g", Status::Queued).await.1;
    for id in [old_queued, old_running, old_final, pending, waiting] {
        env.age(id).await;
    }
    // `pending` was delivered to a grader that has not acknowledged it yet, `waiting`
    // is in the stream and not delivered: both are still in Redis' hands.
    let _: () = redis::cmd("XGROUP")
        .arg("CREATE")
        .arg(env.keys.submission_stream())
        .arg(GRADER_GROUP)
        .arg("0")
        .arg("MKSTREAM")
        .query_async(&mut env.redis.clone())
        .await
        .unwrap();
    env.enqueue(pending).await;
    let _: redis::Value = redis::cmd("XREADGROUP")
        .arg("GROUP")
        .arg(GRADER_GROUP)
        .arg("busy-grader")
        .arg("COUNT")
        .arg(1)
        .arg("STREAMS")
        .arg(env.keys.submission_stream())
        .arg(">")
        .query_async(&mut env.redis.clone())
        .await
        .unwrap();
    env.enqueue(waiting).await;

    let config = ReconcileConfig::default();
    assert_eq!(env.reconcile(&config).await, 2);
    let jobs = env.stream_jobs().await;
    assert_eq!(jobs[..2], [pending, waiting]);
    assert_eq!(
        jobs[2..].iter().copied().collect::<HashSet<_>>(),
        HashSet::from([old_queued, old_running])
    );
    for skipped in [new_queued, new_running, old_final] {
        assert!(!jobs.contains(&skipped));
    }
    assert_eq!(
        env.reconcile(&config).await,
        0,
        "a second pass adds nothing"
    );
}

#[tokio::test]
async fn only_the_holder_of_the_lock_reconciles() {
    let env = TestEnv::new().await;
    let lost = env.insert_submission("a", Status::Queued).await.1;
    env.age(lost).await;
    let url = env.config.database_url.clone();
    let mut other = sqlx::PgConnection::connect(&url).await.unwrap();
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(reconcile::lock_key("python"))
        .execute(&mut other)
        .await
        .unwrap();
    let held: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database \
         WHERE l.locktype = 'advisory' AND l.granted AND d.datname = current_database())",
    )
    .fetch_one(&env.db)
    .await
    .unwrap();
    assert!(held, "the other session holds the lock");

    let config = ReconcileConfig::default();
    assert_eq!(
        env.reconcile(&config).await,
        0,
        "another grader is the leader"
    );
    assert!(env.stream_jobs().await.is_empty());
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(reconcile::lock_key("python"))
        .execute(&mut other)
        .await
        .unwrap();
    assert_eq!(env.reconcile(&config).await, 1);
    assert_eq!(env.stream_jobs().await, [lost]);
}

#[tokio::test]
async fn a_flushed_stream_is_rebuilt_and_every_submission_graded_once() {
    let mut env = TestEnv::new().await;
    env.config.reconcile = ReconcileConfig {
        interval: Duration::from_millis(100),
        queued_age: Duration::from_millis(300),
        ..ReconcileConfig::default()
    };
    let mut submissions = Vec::new();
    for _ in 0..3 {
        let (user, id) = env
            .insert_submission("print('Hello')", Status::Queued)
            .await;
        env.enqueue(id).await;
        submissions.push((id, env.subscribe(user).await));
    }
    // Redis loses the stream and the group before any grader ran.
    env.delete_stream().await;
    let sandbox = Arc::new(TestSandbox::new());
    let grader = env.spawn(sandbox.clone()).await;

    for (id, events) in &mut submissions {
        let seen = until_final(events).await;
        assert_eq!(statuses(&seen), [Status::Running, Status::Passed]);
        assert_eq!(env.row(*id).await.1, 1, "taken once");
    }
    assert_eq!(sandbox.runs(), 3);
    eventually("the re-enqueued entries are acknowledged", || async {
        env.pending().await == 0 && env.stream_jobs().await.is_empty()
    })
    .await;
    grader.stop().await;
}

#[tokio::test]
async fn a_group_lost_while_the_grader_runs_is_created_again() {
    let env = TestEnv::new().await;
    let sandbox = Arc::new(TestSandbox::new());
    let grader = env.spawn(sandbox.clone()).await;
    let (user, first) = env
        .insert_submission("print('Hello')", Status::Queued)
        .await;
    let mut events = env.subscribe(user).await;
    env.enqueue(first).await;
    assert_eq!(
        statuses(&until_final(&mut events).await),
        [Status::Running, Status::Passed]
    );

    // The stream and its group vanish; the API's next XADD makes a stream without a group.
    env.delete_stream().await;
    let (user, second) = env
        .insert_submission("print('Hello')", Status::Queued)
        .await;
    let mut events = env.subscribe(user).await;
    env.enqueue(second).await;
    assert_eq!(
        statuses(&until_final(&mut events).await),
        [Status::Running, Status::Passed]
    );
    assert_eq!(sandbox.runs(), 2);
    grader.stop().await;
}
