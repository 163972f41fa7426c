//! A whole platform per test, shared by the e2e and browser test binaries: a fresh
//! database, its own Redis prefix, the real grading sandbox (`GRADER_SANDBOX`, docker by
//! default), and every service in this process on one random port.

// Each test binary that includes this file uses only part of it.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The workspace's `target/site`, which `programming-ui/build.sh` builds (and
/// `./platform test` runs first).
pub(crate) fn site_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site"))
}

/// The grader's sandbox settings from the environment, but no Docker container started
/// ahead of its job: a test platform is dropped with its test, not stopped, and such a
/// container would outlive it until the reaper's time (the process backend's die with it).
fn sandbox_settings() -> grader_api::SandboxConfig {
    let mut settings = grader_api::SandboxConfig::from_env().expect("grader sandbox settings");
    if settings.backend == grader_api::SandboxBackend::Docker {
        settings.warm = 0;
    }
    settings
}

/// The admin account every test platform has.
pub(crate) const ADMIN_USERNAME: &str = "teacher";
pub(crate) const ADMIN_PASSWORD: &str = "a test platform's admin password";

/// The platform under test; it stops when this is dropped.
pub(crate) struct TestPlatform {
    /// `http://127.0.0.1:<port>`.
    pub(crate) base: String,
    addr: SocketAddr,
    database_url: String,
    redis_prefix: String,
    grader_slots: usize,
    /// The stop signal and the task of the running platform, while it runs.
    running: Option<(oneshot::Sender<()>, JoinHandle<()>)>,
}

impl TestPlatform {
    /// Starts a platform grading `grader_slots` submissions at once and waits until
    /// `/api/ready` answers.
    pub(crate) async fn spawn(grader_slots: usize) -> TestPlatform {
        contract::telemetry::init_for_tests();
        let database_url = migrations::test_support::fresh_database().await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut platform = TestPlatform {
            base: format!("http://{addr}"),
            addr,
            database_url,
            redis_prefix: format!("test-{}:", uuid::Uuid::new_v4()),
            grader_slots,
            running: None,
        };
        platform.serve_on(listener).await;
        platform
    }

    /// Shuts the platform down as SIGTERM would (the grader finishes what it runs) and
    /// waits until it has stopped.
    pub(crate) async fn stop(&mut self) {
        if let Some((stop, task)) = self.running.take() {
            let _ = stop.send(());
            task.await.expect("the platform task panicked");
        }
    }

    /// Starts the platform again on the same port, database and Redis prefix, as a
    /// restarted server would come back.
    pub(crate) async fn start(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        let listener = loop {
            match tokio::net::TcpListener::bind(self.addr).await {
                Ok(listener) => break listener,
                Err(err) => {
                    assert!(Instant::now() < deadline, "rebinding {}: {err}", self.addr);
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        };
        self.serve_on(listener).await;
    }

    async fn serve_on(&mut self, listener: tokio::net::TcpListener) {
        let settings = code_platform::Settings {
            database_url: self.database_url.clone(),
            redis_url: std::env::var("REDIS_URL").expect("REDIS_URL (run ./platform test)"),
            keys: contract::Keys::new(self.redis_prefix.clone()),
            sandbox: sandbox_settings(),
            grader_slots: self.grader_slots,
            grader_consumer: None,
            admin: Some(programming_api::AdminCredentials {
                username: ADMIN_USERNAME.to_owned(),
                password: ADMIN_PASSWORD.to_owned().into(),
            }),
            site_root: site_root(),
            rate_limits: Default::default(),
            sockets: Default::default(),
            http: Default::default(),
            trusted_proxies: Default::default(),
            check_wait: Duration::from_secs(20),
        };
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let stopped = async {
                let _ = rx.await;
            };
            if let Err(err) = code_platform::serve(listener, settings, stopped).await {
                panic!("platform stopped: {err:#}");
            }
        });
        self.running = Some((tx, task));
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ready = client.get(self.url("/api/ready")).send().await;
            if ready.is_ok_and(|r| r.status().is_success()) {
                break;
            }
            assert!(Instant::now() < deadline, "platform did not become ready");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// A connection pool to the platform's database, for checking (and arranging) rows.
    pub(crate) async fn db(&self) -> sqlx::PgPool {
        sqlx::PgPool::connect(&self.database_url).await.unwrap()
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The same path over `ws://`.
    pub(crate) fn ws_url(&self, path: &str) -> String {
        format!("ws{}{path}", self.base.trim_start_matches("http"))
    }
}
