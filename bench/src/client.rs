//! The platform's public API as the benchmarks use it: learners (one or thousands), their
//! WebSockets, Hello's submissions, an admin's view of the queue.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context};
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub(crate) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How long one submission may take to reach its final frame before the run fails.
pub(crate) const FINAL_WITHIN: Duration = Duration::from_secs(120);

/// A learner: its token, its id, and the client it speaks through.
#[derive(Clone)]
pub(crate) struct Learner {
    pub(crate) client: reqwest::Client,
    pub(crate) base: String,
    pub(crate) token: String,
    pub(crate) id: uuid::Uuid,
}

impl Learner {
    pub(crate) async fn new(base: &str) -> anyhow::Result<Learner> {
        Learner::with_client(reqwest::Client::new(), base).await
    }

    /// A new learner whose requests go through `client` (thousands of learners share a
    /// few connections, as they would share a load balancer's).
    pub(crate) async fn with_client(
        client: reqwest::Client,
        base: &str,
    ) -> anyhow::Result<Learner> {
        let answer = client
            .post(format!("{base}/api/users"))
            .send()
            .await
            .context("POST /api/users")?;
        if answer.status() != 201 {
            bail!("POST /api/users answered {}", answer.status());
        }
        let body: Value = answer.json().await?;
        let token = body["token"]
            .as_str()
            .ok_or_else(|| anyhow!("no token in {body}"))?
            .to_owned();
        let id = body["user"]["id"]
            .as_str()
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| anyhow!("no user id in {body}"))?;
        Ok(Learner {
            client,
            base: base.to_owned(),
            token,
            id,
        })
    }

    pub(crate) async fn get(&self, path: &str) -> anyhow::Result<Value> {
        get_json(&self.client, &self.base, &self.token, path).await
    }

    /// Submits `code`; the submission's id.
    pub(crate) async fn submit(&self, assignment: i64, code: &str) -> anyhow::Result<String> {
        let answer = self
            .client
            .post(format!(
                "{}/api/assignments/{assignment}/submissions",
                self.base
            ))
            .bearer_auth(&self.token)
            .json(&json!({ "code": code }))
            .send()
            .await?;
        let status = answer.status();
        let body: Value = answer.json().await?;
        if status != 202 {
            bail!("a submission answered {status}: {body}");
        }
        body["submission"]["id"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| anyhow!("no submission id in {body}"))
    }

    /// This learner's WebSocket, known to the relay (a ping answered) before it returns.
    pub(crate) async fn connect(&self) -> anyhow::Result<Socket> {
        let ws = self.base.replacen("http", "ws", 1);
        let (mut socket, _) =
            tokio_tungstenite::connect_async(format!("{ws}/ws?token={}", self.token))
                .await
                .context("connecting the WebSocket")?;
        socket.send(Message::text(r#"{"type":"ping"}"#)).await?;
        loop {
            if next_json(&mut socket, FINAL_WITHIN).await?["type"] == "pong" {
                return Ok(socket);
            }
        }
    }
}

/// `GET base+path` with `token`: the answer's JSON, or an error unless it is `200`.
async fn get_json(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    path: &str,
) -> anyhow::Result<Value> {
    let answer = client
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .await?;
    if answer.status() != 200 {
        bail!("GET {path} answered {}", answer.status());
    }
    Ok(answer.json().await?)
}

/// `count` new learners, created `concurrency` at a time, with progress on stderr.
pub(crate) async fn learners(
    base: &str,
    count: usize,
    concurrency: usize,
) -> anyhow::Result<Vec<Learner>> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let started = Instant::now();
    let done = Arc::new(AtomicUsize::new(0));
    let made = futures::stream::iter(0..count)
        .map(|_| {
            let (client, done) = (client.clone(), Arc::clone(&done));
            async move {
                let learner = Learner::with_client(client, base).await?;
                let made = done.fetch_add(1, Ordering::Relaxed) + 1;
                if made.is_multiple_of(2000) {
                    eprintln!("  {made}/{count} learners ...");
                }
                Ok::<_, anyhow::Error>(learner)
            }
        })
        .buffer_unordered(concurrency)
        .collect::<Vec<_>>()
        .await;
    let made: Vec<Learner> = made.into_iter().collect::<anyhow::Result<_>>()?;
    eprintln!(
        "  {count} learners in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(made)
}

/// The next text frame as JSON, waiting at most `within`.
pub(crate) async fn next_json(socket: &mut Socket, within: Duration) -> anyhow::Result<Value> {
    loop {
        let frame = tokio::time::timeout(within, socket.next())
            .await
            .map_err(|_| anyhow!("no frame within {within:?}"))?
            .ok_or_else(|| anyhow!("the WebSocket closed"))??;
        if let Message::Text(text) = frame {
            return Ok(serde_json::from_str(&text)?);
        }
    }
}

/// Waits for the final frame of `id`; its status.
pub(crate) async fn final_status(socket: &mut Socket, id: &str) -> anyhow::Result<String> {
    loop {
        let frame = next_json(socket, FINAL_WITHIN).await?;
        let submission = &frame["submission"];
        if submission["id"] != id {
            continue;
        }
        let status = submission["status"].as_str().unwrap_or_default();
        if matches!(status, "passed" | "failed" | "error") {
            return Ok(status.to_owned());
        }
    }
}

/// Hello's id and reference solution.
pub(crate) async fn hello(learner: &Learner) -> anyhow::Result<(i64, String)> {
    let list = learner.get("/api/assignments").await?;
    let id = list["assignments"]
        .as_array()
        .and_then(|all| all.iter().find(|a| a["order"] == 1))
        .and_then(|a| a["id"].as_i64())
        .ok_or_else(|| anyhow!("no first assignment in {list}"))?;
    let catalog = migrations::catalog::embedded()?;
    let reference = catalog
        .iter()
        .find(|a| a.slug == "hello")
        .map(|a| a.reference_solution.clone())
        .ok_or_else(|| anyhow!("no hello in the catalog"))?;
    Ok((id, reference))
}

/// Distinct code each time, so that no earlier verdict is reused.
pub(crate) fn fresh(reference: &str) -> String {
    format!("{reference}\n# {}\n", uuid::Uuid::new_v4().simple())
}

/// An admin's session (`CP_ADMIN_USERNAME`, `CP_ADMIN_PASSWORD`: `./platform bench`
/// passes the ones `up` created).
pub(crate) struct Admin {
    client: reqwest::Client,
    base: String,
    token: String,
}

impl Admin {
    pub(crate) async fn login(base: &str) -> anyhow::Result<Admin> {
        let username = std::env::var("CP_ADMIN_USERNAME").unwrap_or_else(|_| "admin".to_owned());
        let password = std::env::var("CP_ADMIN_PASSWORD")
            .context("CP_ADMIN_PASSWORD (the admin's password; ./platform bench sets it)")?;
        let client = reqwest::Client::new();
        let answer = client
            .post(format!("{base}/api/admin/login"))
            .json(&json!({ "username": username, "password": password }))
            .send()
            .await?;
        if answer.status() != 200 {
            bail!("POST /api/admin/login answered {}", answer.status());
        }
        let body: Value = answer.json().await?;
        let token = body["token"]
            .as_str()
            .ok_or_else(|| anyhow!("no token in {body}"))?
            .to_owned();
        Ok(Admin {
            client,
            base: base.to_owned(),
            token,
        })
    }

    /// `GET /api/admin/stats`.
    pub(crate) async fn stats(&self) -> anyhow::Result<Value> {
        get_json(&self.client, &self.base, &self.token, "/api/admin/stats").await
    }

    /// Grader slots that reported in (every grader's `slots`).
    pub(crate) async fn slots(&self) -> anyhow::Result<u64> {
        let stats = self.stats().await?;
        Ok(stats["graders"]
            .as_array()
            .map(|graders| graders.iter().filter_map(|g| g["slots"].as_u64()).sum())
            .unwrap_or(0))
    }
}
