//! The platform measured through its public API, as a client would: POST -> final
//! WebSocket frame, a burst of learners with every grader slot busy, and cached GETs.

use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context};
use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use crate::load;
use crate::stats::{Figures, Sample};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How long one submission may take to reach its final frame before the run fails.
const FINAL_WITHIN: Duration = Duration::from_secs(120);

/// The settings of a platform run (environment variables of `cp-bench platform`).
pub(crate) struct Settings {
    /// POST -> final frame runs, one after the other (`BENCH_RUNS`, default 100).
    pub(crate) runs: usize,
    /// Learners submitting at once for the throughput (`BENCH_LEARNERS`, default 40).
    pub(crate) learners: usize,
    /// Connections of each cached-GET load (`BENCH_CONNECTIONS`, default 64).
    pub(crate) connections: usize,
    /// Measured seconds of each cached-GET load (`BENCH_SECONDS`, default 10).
    pub(crate) seconds: u64,
}

struct Learner {
    client: reqwest::Client,
    base: String,
    token: String,
}

impl Learner {
    async fn new(base: &str) -> anyhow::Result<Learner> {
        let client = reqwest::Client::new();
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
        Ok(Learner {
            client,
            base: base.to_owned(),
            token,
        })
    }

    async fn get(&self, path: &str) -> anyhow::Result<Value> {
        let answer = self
            .client
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await?;
        if answer.status() != 200 {
            bail!("GET {path} answered {}", answer.status());
        }
        Ok(answer.json().await?)
    }

    /// Submits `code`; the submission's id.
    async fn submit(&self, assignment: i64, code: &str) -> anyhow::Result<String> {
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

    async fn connect(&self) -> anyhow::Result<Socket> {
        let ws = self.base.replacen("http", "ws", 1);
        let (mut socket, _) =
            tokio_tungstenite::connect_async(format!("{ws}/ws?token={}", self.token))
                .await
                .context("connecting the WebSocket")?;
        // A ping round trip: the relay knows this socket before anything is submitted.
        socket.send(Message::text(r#"{"type":"ping"}"#)).await?;
        loop {
            if next_json(&mut socket).await?["type"] == "pong" {
                return Ok(socket);
            }
        }
    }
}

async fn next_json(socket: &mut Socket) -> anyhow::Result<Value> {
    loop {
        let frame = tokio::time::timeout(FINAL_WITHIN, socket.next())
            .await
            .map_err(|_| anyhow!("no frame within {FINAL_WITHIN:?}"))?
            .ok_or_else(|| anyhow!("the WebSocket closed"))??;
        if let Message::Text(text) = frame {
            return Ok(serde_json::from_str(&text)?);
        }
    }
}

/// Waits for the final frame of `id`; its status.
async fn final_status(socket: &mut Socket, id: &str) -> anyhow::Result<String> {
    loop {
        let frame = next_json(socket).await?;
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
async fn hello(learner: &Learner) -> anyhow::Result<(i64, String)> {
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
fn fresh(reference: &str) -> String {
    format!("{reference}\n# {}\n", uuid::Uuid::new_v4().simple())
}

pub(crate) async fn measure(
    base: &str,
    backend: &str,
    settings: &Settings,
) -> anyhow::Result<Figures> {
    let mut figures = Figures::new();
    let learner = Learner::new(base).await?;
    let (hello, reference) = hello(&learner).await?;

    eprintln!(
        "[{backend}] POST -> final frame for Hello, {} runs one after another",
        settings.runs
    );
    let mut socket = learner.connect().await?;
    let mut sample = Sample::default();
    let mut last_id = String::new();
    for run in 0..=settings.runs {
        let started = Instant::now();
        let id = learner.submit(hello, &fresh(&reference)).await?;
        let status = final_status(&mut socket, &id).await?;
        if status != "passed" {
            bail!("Hello's reference got {status}");
        }
        // The first run warms connections and caches; it is not counted.
        if run > 0 {
            sample.push(started.elapsed());
        }
        if run % 20 == 0 {
            eprintln!("  {run}/{} ...", settings.runs);
        }
        last_id = id;
    }
    for (name, p) in [("p50", 50.0), ("p95", 95.0), ("p99", 99.0)] {
        figures.insert(format!("{backend}.e2e_{name}_ms"), sample.percentile_ms(p));
    }

    eprintln!(
        "[{backend}] {} learners submit Hello at once, until every one is final",
        settings.learners
    );
    let (grades_per_second, burst) = burst(base, hello, &reference, settings.learners).await?;
    figures.insert(format!("{backend}.burst_grades_per_s"), grades_per_second);
    figures.insert(format!("{backend}.burst_p50_ms"), burst.percentile_ms(50.0));
    figures.insert(format!("{backend}.burst_p99_ms"), burst.percentile_ms(99.0));

    let auth = format!("Bearer {}", learner.token);
    let paths = [
        ("assignments", "/api/assignments".to_owned()),
        ("progress", "/api/me/progress".to_owned()),
        ("submission", format!("/api/submissions/{last_id}")),
    ];
    for (name, path) in paths {
        eprintln!(
            "[{backend}] GET {path}: {} connections, {} s",
            settings.connections, settings.seconds
        );
        let measured = load::get(
            &format!("{base}{path}"),
            &[("Authorization", &auth)],
            settings.connections,
            Duration::from_secs(2),
            Duration::from_secs(settings.seconds),
        )
        .await?;
        if measured.errors > 0 {
            bail!("GET {path}: {} errors", measured.errors);
        }
        figures.insert(format!("{backend}.get_{name}_rps"), measured.rps());
        figures.insert(
            format!("{backend}.get_{name}_p50_ms"),
            measured.latencies.percentile_ms(50.0),
        );
        figures.insert(
            format!("{backend}.get_{name}_p99_ms"),
            measured.latencies.percentile_ms(99.0),
        );
    }
    Ok(figures)
}

/// `learners` learners, each connected, submit at the same moment; grades per second
/// until the last is final, and each one's POST -> final frame.
async fn burst(
    base: &str,
    hello: i64,
    reference: &str,
    learners: usize,
) -> anyhow::Result<(f64, Sample)> {
    let mut ready = Vec::new();
    for _ in 0..learners {
        let learner = Learner::new(base).await?;
        let socket = learner.connect().await?;
        ready.push((learner, socket));
    }
    let started = Instant::now();
    let runs = ready.into_iter().map(|(learner, mut socket)| {
        let code = fresh(reference);
        async move {
            let submitted = Instant::now();
            let id = learner.submit(hello, &code).await?;
            let status = final_status(&mut socket, &id).await?;
            anyhow::ensure!(status == "passed", "a burst submission got {status}");
            Ok::<_, anyhow::Error>(submitted.elapsed())
        }
    });
    let times = futures::future::try_join_all(runs).await?;
    let elapsed = started.elapsed();
    let mut sample = Sample::default();
    sample.extend(times);
    Ok((learners as f64 / elapsed.as_secs_f64(), sample))
}
