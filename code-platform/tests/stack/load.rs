//! The load that runs through the operations: learners who each submit, wait for the
//! verdict on their WebSocket and read it back over REST. Nothing is retried: every
//! request that does not get the answer it should counts as failed, with the phase of
//! the test it happened in.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use uuid::Uuid;

use crate::api::Api;
use crate::cases::CASES;

const FINAL: [&str; 3] = ["passed", "failed", "error"];

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// One graded submission of the load.
#[derive(Debug)]
pub(crate) struct Graded {
    pub(crate) id: String,
    pub(crate) expected: &'static str,
    pub(crate) status: String,
    /// POST to the final frame on the learner's WebSocket.
    pub(crate) latency: Duration,
}

/// Requests and failures per phase, and what was graded.
pub(crate) struct Tally {
    phases: Vec<&'static str>,
    current: AtomicUsize,
    requests: Vec<AtomicUsize>,
    pub(crate) failures: Mutex<Vec<String>>,
    pub(crate) graded: Mutex<Vec<Graded>>,
    stop: AtomicBool,
}

impl Tally {
    pub(crate) fn new(phases: &[&'static str]) -> Arc<Tally> {
        Arc::new(Tally {
            phases: phases.to_vec(),
            current: AtomicUsize::new(0),
            requests: phases.iter().map(|_| AtomicUsize::new(0)).collect(),
            failures: Mutex::default(),
            graded: Mutex::default(),
            stop: AtomicBool::new(false),
        })
    }

    /// Requests from now on count for `phase`.
    pub(crate) fn enter(&self, phase: &str) {
        let index = self
            .phases
            .iter()
            .position(|known| *known == phase)
            .expect("a known phase");
        self.current.store(index, Ordering::SeqCst);
        println!("stack: phase {phase}");
    }

    fn phase(&self) -> &'static str {
        self.phases[self.current.load(Ordering::SeqCst)]
    }

    fn request(&self) {
        self.requests[self.current.load(Ordering::SeqCst)].fetch_add(1, Ordering::Relaxed);
    }

    fn fail(&self, what: String) {
        let line = format!("[{}] {what}", self.phase());
        eprintln!("stack: FAILED {line}");
        self.failures.lock().unwrap().push(line);
    }

    /// `(phase, requests, failed requests)` per phase.
    pub(crate) fn per_phase(&self) -> Vec<(&'static str, usize, usize)> {
        let failures = self.failures.lock().unwrap();
        self.phases
            .iter()
            .zip(&self.requests)
            .map(|(phase, requests)| {
                let prefix = format!("[{phase}] ");
                let failed = failures.iter().filter(|f| f.starts_with(&prefix)).count();
                (*phase, requests.load(Ordering::Relaxed), failed)
            })
            .collect()
    }

    pub(crate) fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

struct Learner {
    api: Api,
    tally: Arc<Tally>,
}

impl Learner {
    /// A new learner, counted as a request; None (and a failure) when that fails.
    async fn new(base: &str, tally: Arc<Tally>) -> Option<Learner> {
        tally.request();
        match Api::learner(base).await {
            Ok(api) => Some(Learner { api, tally }),
            Err(err) => {
                tally.fail(err);
                None
            }
        }
    }

    /// `METHOD path` once; the body when it answered `expected`, else None and a failure.
    async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        expected: u16,
    ) -> Option<Value> {
        self.tally.request();
        self.api
            .expect(method, path, body, expected)
            .await
            .map_err(|err| self.tally.fail(err))
            .ok()
    }

    async fn connect(&self) -> Option<Socket> {
        self.tally.request();
        let mut socket = match tokio_tungstenite::connect_async(self.api.socket_url()).await {
            Ok((socket, _)) => socket,
            Err(err) => {
                self.tally.fail(format!("WebSocket /ws: {err}"));
                return None;
            }
        };
        // The pong proves the relay registered the socket before anything is submitted.
        let ping = socket.send(Message::text(r#"{"type":"ping"}"#)).await;
        match (ping, next_frame(&mut socket, Duration::from_secs(10)).await) {
            (Ok(()), Some(frame)) if frame["type"] == "pong" => Some(socket),
            (_, frame) => {
                self.tally
                    .fail(format!("WebSocket /ws: no pong ({frame:?})"));
                None
            }
        }
    }

    /// Waits for the final frame of `id`; None (and a failure) when the socket breaks
    /// or stays silent for 3 minutes.
    async fn final_frame(&self, socket: &mut Socket, id: &str) -> Option<String> {
        let deadline = Instant::now() + Duration::from_secs(180);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let frame = next_frame(socket, left).await?;
            let status = frame["submission"]["status"].as_str().unwrap_or_default();
            if frame["type"] == "submission"
                && frame["submission"]["id"] == id
                && FINAL.contains(&status)
            {
                return Some(status.to_owned());
            }
        }
        None
    }
}

/// The next text frame as JSON, or None when the socket closes or `within` passes.
async fn next_frame(socket: &mut Socket, within: Duration) -> Option<Value> {
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.checked_duration_since(Instant::now())?;
        match tokio::time::timeout(left, socket.next()).await {
            Ok(Some(Ok(Message::Text(text)))) => return serde_json::from_str(&text).ok(),
            Ok(Some(Ok(_))) => continue,
            _ => return None,
        }
    }
}

/// One learner's loop until the tally says stop: submit unique code, take the verdict
/// off the WebSocket, read it back over REST, list the assignments.
async fn learn(base: String, index: usize, tally: Arc<Tally>) {
    let Some(learner) = Learner::new(&base, tally.clone()).await else {
        return;
    };
    let Some(list) = learner.call("GET", "/api/assignments", None, 200).await else {
        return;
    };
    let id_at = |position: i64| {
        list["assignments"]
            .as_array()
            .and_then(|all| all.iter().find(|a| a["order"] == position))
            .and_then(|a| a["id"].as_i64())
            .expect("the catalog's first assignments")
    };
    let mut socket = learner.connect().await;
    let mut n = index;
    while !tally.stop.load(Ordering::SeqCst) {
        let (position, code, expected) = CASES[n % CASES.len()];
        n += 1;
        if socket.is_none() {
            socket = learner.connect().await;
        }
        // Unique code, so that no earlier verdict is reused.
        let body = json!({ "code": format!("{code}# {}\n", Uuid::new_v4()) });
        let path = format!("/api/assignments/{}/submissions", id_at(position));
        let posted = Instant::now();
        let Some(created) = learner.call("POST", &path, Some(body), 202).await else {
            tokio::time::sleep(Duration::from_millis(500)).await;
            continue;
        };
        let id = created["submission"]["id"]
            .as_str()
            .expect("an id")
            .to_owned();
        let from_socket = match socket.as_mut() {
            Some(open) => learner.final_frame(open, &id).await,
            None => None,
        };
        let latency = posted.elapsed();
        if from_socket.is_none() {
            tally.fail(format!("no final frame for {id} on the WebSocket"));
            socket = None;
        }
        let status = wait_stored(&learner, &id).await;
        if let (Some(frame), Some(stored)) = (&from_socket, &status) {
            if frame != stored {
                tally.fail(format!("{id}: the socket said {frame}, REST says {stored}"));
            }
        }
        if let Some(status) = status {
            tally.graded.lock().unwrap().push(Graded {
                id,
                expected,
                status,
                latency,
            });
        }
        learner.call("GET", "/api/assignments", None, 200).await;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The stored final status of `id`, read until it is final (3 minutes at most).
async fn wait_stored(learner: &Learner, id: &str) -> Option<String> {
    let deadline = Instant::now() + Duration::from_secs(180);
    let path = format!("/api/submissions/{id}");
    while Instant::now() < deadline {
        let body = learner.call("GET", &path, None, 200).await?;
        let status = body["submission"]["status"].as_str().unwrap_or_default();
        if FINAL.contains(&status) {
            return Some(status.to_owned());
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    learner
        .tally
        .fail(format!("{id} was not final within 3 minutes"));
    None
}

/// Starts `learners` learners against the edge at `base`.
pub(crate) fn start(base: &str, learners: usize, tally: &Arc<Tally>) -> tokio::task::JoinSet<()> {
    let mut tasks = tokio::task::JoinSet::new();
    for index in 0..learners {
        tasks.spawn(learn(base.to_owned(), index, tally.clone()));
    }
    tasks
}
