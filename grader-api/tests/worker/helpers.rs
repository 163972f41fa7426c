//! A fresh database, a private Redis prefix and a grader per test.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use contract::keys::{GRADER_GROUP, JOB_FIELD};
use contract::messages::Event;
use contract::{Keys, Status, Submission};
use futures::StreamExt;
use grader_api::sandbox::Sandbox;
use grader_api::{Config, ReconcileConfig, SandboxBackend, SandboxConfig};
use redis::aio::MultiplexedConnection;
use redis::streams::{StreamInfoGroupsReply, StreamPendingReply};
use sqlx::PgPool;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use uuid::Uuid;

/// Guards against a hang; nothing asserts on how long things take.
pub(crate) const PATIENCE: Duration = Duration::from_secs(60);

pub(crate) struct TestEnv {
    pub(crate) config: Config,
    pub(crate) db: PgPool,
    pub(crate) redis: MultiplexedConnection,
    pub(crate) client: redis::Client,
    pub(crate) keys: Keys,
}

pub(crate) struct RunningGrader {
    pub(crate) router: axum::Router,
    stop: Option<oneshot::Sender<()>>,
    handle: JoinHandle<anyhow::Result<()>>,
}

impl RunningGrader {
    /// Asks the grader to stop, without waiting.
    pub(crate) fn signal_stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    /// Kills the grader as a SIGKILL would: its loop and jobs are dropped mid-way,
    /// nothing is acknowledged or stored.
    pub(crate) async fn kill(self) {
        // Aborted before `stop` is dropped, which would start a graceful shutdown.
        self.handle.abort();
        let _ = self.handle.await;
    }

    /// Asks the grader to stop and waits until it has.
    pub(crate) async fn stop(mut self) {
        self.signal_stop();
        let result = tokio::time::timeout(PATIENCE, self.handle).await;
        result
            .expect("grader did not stop")
            .expect("grader panicked")
            .expect("grader failed");
    }
}

impl TestEnv {
    pub(crate) async fn new() -> TestEnv {
        contract::telemetry::init_for_tests();
        let database_url = migrations::test_support::fresh_database()
            .await
            .expect("test database");
        let redis_url = std::env::var("REDIS_URL").expect("REDIS_URL (run ./platform services)");
        let keys = Keys::new(format!("test-{}:", Uuid::new_v4()));
        let config = Config {
            database_url: database_url.clone(),
            redis_url: redis_url.clone(),
            keys: keys.clone(),
            port: 0,
            languages: course::languages::all().values().collect(),
            slots: 2,
            interactive_slots: 1,
            consumer: format!("test-{}", Uuid::new_v4()),
            max_attempts: 3,
            max_crashes: 3,
            // A killed grader is known dead 300 ms later.
            heartbeat_interval: Duration::from_millis(100),
            visibility_timeout: Duration::from_secs(60),
            reclaim_interval: Duration::from_secs(5),
            reconcile: ReconcileConfig::default(),
            shutdown_grace: Duration::from_secs(30),
            sandbox: SandboxConfig {
                backend: SandboxBackend::Docker,
                image: std::env::var("GRADER_IMAGE")
                    .unwrap_or_else(|_| "code-platform/grader:latest".into()),
                runtime: None,
                cpus: 1.0,
                output_limit_bytes: 64 * 1024,
                // No container started ahead: a test's grader is dropped, not stopped, and
                // each would be left to exit and wait for the reaper (sandbox/warm.rs
                // tests them, closing its backend).
                warm: 0,
                ..SandboxConfig::default()
            },
        };
        let db = PgPool::connect(&database_url)
            .await
            .expect("connect to test database");
        let client = redis::Client::open(redis_url).expect("redis url");
        let redis = client
            .get_multiplexed_async_connection()
            .await
            .expect("connect to redis");
        TestEnv {
            config,
            db,
            redis,
            client,
            keys,
        }
    }

    /// Builds a grader on `sandbox` and starts its consumer loop.
    /// Each grader gets a consumer name of its own, as in production.
    pub(crate) async fn spawn(&self, sandbox: Arc<dyn Sandbox>) -> RunningGrader {
        self.spawn_named(&format!("test-{}", Uuid::new_v4()), sandbox)
            .await
    }

    /// Builds a grader named `consumer` on `sandbox` and starts its consumer loop.
    pub(crate) async fn spawn_named(
        &self,
        consumer: &str,
        sandbox: Arc<dyn Sandbox>,
    ) -> RunningGrader {
        let mut config = self.config.clone();
        config.consumer = consumer.to_owned();
        let grader = grader_api::build_with_sandbox(config, sandbox)
            .await
            .expect("build grader");
        Self::start(grader)
    }

    /// Builds a grader with the configured (real) sandbox and starts its consumer loop.
    pub(crate) async fn spawn_configured(&self) -> RunningGrader {
        let mut config = self.config.clone();
        config.consumer = format!("test-{}", Uuid::new_v4());
        Self::start(grader_api::build(config).await.expect("build grader"))
    }

    fn start(grader: grader_api::Grader) -> RunningGrader {
        let router = grader.router();
        let (stop, stopped) = oneshot::channel::<()>();
        let handle = tokio::spawn(grader.work(async move {
            let _ = stopped.await;
        }));
        RunningGrader {
            router,
            stop: Some(stop),
            handle,
        }
    }

    /// Inserts a learner and a submission of the Hello assignment in `status`.
    pub(crate) async fn insert_submission(&self, code: &str, status: Status) -> (Uuid, Uuid) {
        let user = Uuid::new_v4();
        let id = Uuid::new_v4();
        sqlx::query("INSERT INTO users (id) VALUES ($1)")
            .bind(user)
            .execute(&self.db)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO submissions (id, assignment_id, user_id, code, code_hash, test_version, status, feedback) \
             SELECT $1, a.id, $2, $3, $4, a.test_version, $5, $6 FROM assignments a WHERE a.slug = 'hello'",
        )
        .bind(id)
        .bind(user)
        .bind(code)
        .bind(Uuid::new_v4().as_bytes().repeat(2))
        .bind(status.as_str())
        .bind(status.is_final().then_some("graded earlier"))
        .execute(&self.db)
        .await
        .unwrap();
        (user, id)
    }

    /// Adds a job for `submission` to the stream; returns the entry id.
    pub(crate) async fn enqueue(&self, submission: Uuid) -> String {
        redis::cmd("XADD")
            .arg(self.keys.submission_stream())
            .arg("*")
            .arg(JOB_FIELD)
            .arg(submission.to_string())
            .query_async(&mut self.redis.clone())
            .await
            .unwrap()
    }

    /// Events published for `user` from now on.
    pub(crate) async fn subscribe(
        &self,
        user: Uuid,
    ) -> impl futures::Stream<Item = Submission> + Unpin {
        let mut pubsub = self.client.get_async_pubsub().await.unwrap();
        pubsub
            .subscribe(self.keys.user_channel(user))
            .await
            .unwrap();
        pubsub.into_on_message().filter_map(|message| {
            let text: String = message.get_payload().unwrap();
            std::future::ready(match serde_json::from_str(&text).unwrap() {
                Event::Submission { submission } => Some(submission),
                Event::Stats { .. } => None,
            })
        })
    }

    /// Entries delivered to some grader and not yet acknowledged.
    pub(crate) async fn pending(&self) -> usize {
        let reply: StreamPendingReply = redis::cmd("XPENDING")
            .arg(self.keys.submission_stream())
            .arg(GRADER_GROUP)
            .query_async(&mut self.redis.clone())
            .await
            .unwrap();
        reply.count()
    }

    /// The id of the last entry the group has been given (`0-0` before any).
    pub(crate) async fn last_delivered(&self) -> String {
        let reply: StreamInfoGroupsReply = redis::cmd("XINFO")
            .arg("GROUPS")
            .arg(self.keys.submission_stream())
            .query_async(&mut self.redis.clone())
            .await
            .unwrap();
        reply
            .groups
            .into_iter()
            .find(|g| g.name == GRADER_GROUP)
            .map(|g| g.last_delivered_id)
            .unwrap_or_default()
    }

    /// The delivery limit's counts of a row: (platform failures, solo crashes).
    pub(crate) async fn blame(&self, id: Uuid) -> (i32, i32) {
        sqlx::query_as("SELECT failures, crashes FROM submissions WHERE id = $1")
            .bind(id)
            .fetch_one(&self.db)
            .await
            .unwrap()
    }

    pub(crate) async fn row(&self, id: Uuid) -> (Submission, i32) {
        let submission = contract::submission::fetch_submission(
            &self.db,
            id,
            contract::submission::View::Teacher,
        )
        .await
        .unwrap()
        .unwrap();
        let attempts: i32 = sqlx::query_scalar("SELECT attempts FROM submissions WHERE id = $1")
            .bind(id)
            .fetch_one(&self.db)
            .await
            .unwrap();
        (submission, attempts)
    }
}

/// Collects events until one has a final status.
pub(crate) async fn until_final(
    events: &mut (impl futures::Stream<Item = Submission> + Unpin),
) -> Vec<Submission> {
    let collect = async {
        let mut seen = Vec::new();
        while let Some(submission) = events.next().await {
            let done = submission.status.is_final();
            seen.push(submission);
            if done {
                break;
            }
        }
        seen
    };
    tokio::time::timeout(PATIENCE, collect)
        .await
        .expect("no final event arrived")
}

/// Polls `condition` until it holds.
pub(crate) async fn eventually<F, Fut>(what: &str, mut condition: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let poll = async {
        while !condition().await {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(PATIENCE, poll)
        .await
        .unwrap_or_else(|_| panic!("never happened: {what}"));
}

pub(crate) fn statuses(events: &[Submission]) -> Vec<Status> {
    events.iter().map(|s| s.status).collect()
}
