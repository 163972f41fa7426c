//! The load: learners who each submit one piece of code at a time (the API allows one
//! open submission per learner), riding out 503s and dropped connections, each code
//! unique so that no earlier verdict is reused.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::sync::watch;
use uuid::Uuid;

use crate::cases::CASES;

/// One submission the load made, as the API acknowledged it.
#[derive(Debug, Clone)]
pub(crate) struct Submitted {
    pub(crate) id: String,
    pub(crate) expected: &'static str,
    /// 201: an earlier verdict was reused (only after a retried POST whose first try
    /// had been stored).
    pub(crate) reused: bool,
}

/// What the learners saw, shared between them.
#[derive(Default)]
pub(crate) struct Tally {
    pub(crate) submitted: Mutex<Vec<Submitted>>,
    /// 5xx answers, and requests that failed without an answer.
    pub(crate) unavailable: AtomicUsize,
    pub(crate) transport_errors: AtomicUsize,
    pub(crate) conflicts: AtomicUsize,
}

const FINAL: [&str; 3] = ["passed", "failed", "error"];

struct Learner {
    client: reqwest::Client,
    base: String,
    token: String,
    tally: Arc<Tally>,
    deadline: Instant,
}

impl Learner {
    /// A new learner; retries while the API is unavailable.
    async fn new(base: &str, tally: Arc<Tally>, deadline: Instant) -> Learner {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()
            .expect("an HTTP client");
        let mut learner = Learner {
            client,
            base: base.to_owned(),
            token: String::new(),
            tally,
            deadline,
        };
        let body = learner
            .request(reqwest::Method::POST, "/api/users", None)
            .await
            .1;
        learner.token = body["token"].as_str().expect("a token").to_owned();
        learner
    }

    /// Sends until the API answers with something other than a 5xx; returns that.
    async fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> (u16, Value) {
        loop {
            assert!(
                Instant::now() < self.deadline,
                "the load missed its deadline"
            );
            let mut request = self
                .client
                .request(method.clone(), format!("{}{path}", self.base));
            if !self.token.is_empty() {
                request = request.bearer_auth(&self.token);
            }
            if let Some(body) = body {
                request = request.json(body);
            }
            match request.send().await {
                Ok(response) if response.status().is_server_error() => {
                    let status = response.status();
                    let body: Value = response.json().await.unwrap_or(Value::Null);
                    assert!(
                        body["error"]["code"].is_string(),
                        "{status} without the error body: {body}"
                    );
                    self.tally.unavailable.fetch_add(1, Ordering::Relaxed);
                }
                Ok(response) => {
                    let status = response.status().as_u16();
                    return (status, response.json().await.unwrap_or(Value::Null));
                }
                Err(_) => {
                    self.tally.transport_errors.fetch_add(1, Ordering::Relaxed);
                }
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Waits until submission `id` is final, reading it over REST.
    async fn wait_final(&self, id: &str) {
        loop {
            let (status, body) = self
                .request(
                    reqwest::Method::GET,
                    &format!("/api/submissions/{id}"),
                    None,
                )
                .await;
            assert_eq!(status, 200, "reading {id}: {body}");
            if FINAL.contains(&body["submission"]["status"].as_str().unwrap_or_default()) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(400)).await;
        }
    }

    /// Submits until the API takes it; after a 409 waits for the open submission.
    async fn submit(&self, assignment: i64, code: &str) -> (String, bool) {
        let body = json!({ "code": code });
        loop {
            let path = format!("/api/assignments/{assignment}/submissions");
            let (status, answer) = self
                .request(reqwest::Method::POST, &path, Some(&body))
                .await;
            match status {
                201 | 202 => {
                    let id = answer["submission"]["id"]
                        .as_str()
                        .expect("an id")
                        .to_owned();
                    return (id, status == 201);
                }
                409 => {
                    // A POST whose answer was lost may have stored a submission.
                    self.tally.conflicts.fetch_add(1, Ordering::Relaxed);
                    let (_, list) = self
                        .request(reqwest::Method::GET, "/api/me/submissions?per_page=1", None)
                        .await;
                    if let Some(open) = list["submissions"][0]["id"].as_str() {
                        self.wait_final(open).await;
                    }
                }
                other => panic!("POST {path}: {other} {answer}"),
            }
        }
    }
}

/// The catalog position -> assignment id map.
async fn assignment_ids(learner: &Learner) -> Vec<(i64, i64)> {
    let (_, list) = learner
        .request(reqwest::Method::GET, "/api/assignments", None)
        .await;
    list["assignments"]
        .as_array()
        .expect("assignments")
        .iter()
        .map(|a| (a["order"].as_i64().unwrap(), a["id"].as_i64().unwrap()))
        .collect()
}

/// Runs `learners` learners who together make at least `total` submissions, each
/// waiting for its previous one to be final (and a moment more) before the next. They
/// go on until `cycled` turns true, so that every kind of fault hits a loaded platform.
pub(crate) async fn run(
    base: String,
    learners: usize,
    total: usize,
    deadline: Instant,
    tally: Arc<Tally>,
    cycled: watch::Receiver<bool>,
) {
    // A JoinSet aborts the other learners when one fails and this future unwinds.
    let mut tasks = tokio::task::JoinSet::new();
    for learner_index in 0..learners {
        let count = total / learners + usize::from(learner_index < total % learners);
        let (base, tally, cycled) = (base.clone(), tally.clone(), cycled.clone());
        tasks.spawn(async move {
            let learner = Learner::new(&base, tally.clone(), deadline).await;
            let ids = assignment_ids(&learner).await;
            let mut n = 0;
            while n < count || !*cycled.borrow() {
                let (position, code, expected) = CASES[(learner_index + n) % CASES.len()];
                let assignment = ids.iter().find(|(order, _)| *order == position).unwrap().1;
                let code = format!("{code}# chaos {}\n", Uuid::new_v4());
                let (id, reused) = learner.submit(assignment, &code).await;
                learner.wait_final(&id).await;
                tally.submitted.lock().unwrap().push(Submitted {
                    id,
                    expected,
                    reused,
                });
                n += 1;
                // Think time, so that the learners do not all move in lockstep.
                let think = 200 + (Uuid::new_v4().as_u128() % 800) as u64;
                tokio::time::sleep(Duration::from_millis(think)).await;
            }
        });
    }
    while let Some(learner) = tasks.join_next().await {
        learner.expect("a learner failed");
    }
}
