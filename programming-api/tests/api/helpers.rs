//! `spawn_app()`: a real server on a random port with its own database and Redis prefix.

use std::net::SocketAddr;

use contract::Keys;
use deadpool_redis::redis::AsyncCommands;
use programming_api::{AdminCredentials, Config};
use reqwest::{RequestBuilder, Response, StatusCode};
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

pub(crate) struct TestApp {
    pub(crate) address: SocketAddr,
    pub(crate) client: reqwest::Client,
    pub(crate) db: PgPool,
    pub(crate) redis: deadpool_redis::Pool,
    pub(crate) keys: Keys,
}

pub(crate) const ADMIN_USERNAME: &str = "teacher";
pub(crate) const ADMIN_PASSWORD: &str = "correct horse battery staple";

/// A running API with the admin account configured.
pub(crate) async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Like [`spawn_app`], letting the test change the configuration first.
pub(crate) async fn spawn_app_with(change: impl FnOnce(&mut Config)) -> TestApp {
    contract::telemetry::init_for_tests();
    let database_url = migrations::test_support::fresh_database()
        .await
        .expect("fresh database");
    let redis_url =
        std::env::var("REDIS_URL").expect("REDIS_URL must be set (eval \"$(./platform env)\")");
    let keys = Keys::new(format!("test-{}:", Uuid::new_v4()));
    let mut config = Config {
        database_url: database_url.clone(),
        redis_url: redis_url.clone(),
        keys: keys.clone(),
        port: 0,
        admin: Some(AdminCredentials {
            username: ADMIN_USERNAME.into(),
            password: ADMIN_PASSWORD.to_owned().into(),
        }),
        limits: programming_api::RateLimits::default(),
        trusted_proxies: Default::default(),
        http: Default::default(),
        check_wait: std::time::Duration::from_secs(20),
    };
    change(&mut config);
    let app = programming_api::build(config).await.expect("build");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(app.run(listener, std::future::pending()));
    let db = PgPool::connect(&database_url).await.unwrap();
    let redis = deadpool_redis::Config::from_url(redis_url)
        .create_pool(Some(deadpool_redis::Runtime::Tokio1))
        .unwrap();
    TestApp {
        address,
        client: reqwest::Client::new(),
        db,
        redis,
        keys,
    }
}

impl TestApp {
    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.address, path)
    }

    pub(crate) fn get(&self, path: &str, token: &str) -> RequestBuilder {
        self.client.get(self.url(path)).bearer_auth(token)
    }

    /// The JSON body of a GET, whatever its status.
    pub(crate) async fn get_json(&self, path: &str, token: &str) -> Value {
        self.get(path, token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    pub(crate) fn post(&self, path: &str, token: &str) -> RequestBuilder {
        self.client.post(self.url(path)).bearer_auth(token)
    }

    /// A new learner: (id, token).
    pub(crate) async fn new_learner(&self) -> (Uuid, String) {
        let response = self
            .client
            .post(self.url("/api/users"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.unwrap();
        let id = body["user"]["id"].as_str().unwrap().parse().unwrap();
        (id, body["token"].as_str().unwrap().to_owned())
    }

    /// The configured admin's session token.
    pub(crate) async fn admin_token(&self) -> String {
        let response = self
            .client
            .post(self.url("/api/admin/login"))
            .json(&serde_json::json!({ "username": ADMIN_USERNAME, "password": ADMIN_PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let body: Value = response.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    /// The catalog's assignment ids in course order.
    pub(crate) async fn assignment_ids(&self) -> Vec<i64> {
        sqlx::query_scalar("SELECT id FROM assignments ORDER BY position")
            .fetch_all(&self.db)
            .await
            .unwrap()
    }

    pub(crate) async fn submit(&self, token: &str, assignment_id: i64, code: &str) -> Response {
        self.post(
            &format!("/api/assignments/{assignment_id}/submissions"),
            token,
        )
        .json(&serde_json::json!({ "code": code }))
        .send()
        .await
        .unwrap()
    }

    /// Marks a submission passed the way a grader would store it.
    pub(crate) async fn mark_passed(&self, submission_id: &str) {
        let id: Uuid = submission_id.parse().unwrap();
        sqlx::query(
            "UPDATE submissions SET status = 'passed', graded_at = now(), duration_ms = 12, \
             feedback = 'All tests passed', tests = '[{\"name\":\"t1\",\"passed\":true,\"message\":\"\"}]' \
             WHERE id = $1",
        )
        .bind(id)
        .execute(&self.db)
        .await
        .unwrap();
    }

    pub(crate) async fn redis_exists(&self, key: &str) -> bool {
        let mut conn = self.redis.get().await.unwrap();
        conn.exists(key).await.unwrap()
    }

    pub(crate) async fn redis_del(&self, key: &str) {
        let mut conn = self.redis.get().await.unwrap();
        let _: () = conn.del(key).await.unwrap();
    }
}

/// Asserts the status and the error body's code; returns the body.
pub(crate) async fn assert_error(response: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(
        response.status(),
        status,
        "wrong status for expected {code}"
    );
    let body: Value = response.json().await.expect("an error body is JSON");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    body
}

impl TestApp {
    /// Submits valid JSON to an arbitrary path (for malformed ids).
    pub(crate) async fn submit_raw_path(&self, token: &str, path: &str) -> Response {
        self.post(path, token)
            .json(&serde_json::json!({ "code": "x" }))
            .send()
            .await
            .unwrap()
    }
}
