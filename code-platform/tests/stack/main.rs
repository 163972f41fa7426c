//! The swarm deployment (`docker-stack.yml`) end to end: `./platform stack-test` deploys
//! the stack on this node and runs this test with `CP_STACK_URL` (the edge) and
//! `CP_STACK_NAME` set. Through the edge only: a learner's flow in the browser's shape
//! and over the API, then a steady load while the graders are scaled to 3 and back and
//! programming-api is replaced replica by replica. Not one request may fail, and every
//! submission must end with the verdict its code deserves. Last, the operator routines
//! of README.md as written there: a backup restored, the Postgres password rotated.

mod api;
#[path = "../common/cases.rs"]
mod cases;
mod load;
mod ops;
mod swarm;

use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::Message;

use api::{Api, HELLO, HELLO_IN};
use swarm::Stack;

const PHASES: [&str; 6] = [
    "steady",
    "scaling graders up",
    "3 graders",
    "scaling graders down",
    "rolling update of programming-api",
    "settled",
];

fn settings() -> (String, Stack) {
    let base = std::env::var("CP_STACK_URL").expect("CP_STACK_URL (run ./platform stack-test)");
    let name = std::env::var("CP_STACK_NAME").expect("CP_STACK_NAME (run ./platform stack-test)");
    (base.trim_end_matches('/').to_owned(), Stack { name })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "needs a deployed stack: ./platform stack-test"]
async fn the_stack_scales_and_rolls_without_a_failed_request_or_a_lost_submission() {
    let (base, stack) = settings();
    let started = Instant::now();
    learner_flow_through_the_edge(&base).await;
    println!("stack: learner flow through the edge passed");

    let tally = load::Tally::new(&PHASES);
    let mut learners = load::start(&base, 8, &tally);
    tokio::time::sleep(Duration::from_secs(8)).await;

    let graders = stack.replicas("grader-python");
    tally.enter("scaling graders up");
    let clock = Instant::now();
    stack.scale("grader-python", 3).await;
    let scaled_up = clock.elapsed();
    tally.enter("3 graders");
    tokio::time::sleep(Duration::from_secs(10)).await;
    let grading: Vec<u64> = stack
        .metrics_of_each_replica("grader-python", 8082)
        .iter()
        .map(|text| sum_of(text, "grader_jobs_total"))
        .collect();
    println!("stack: with 3 graders, each graded {grading:?}");
    assert!(
        grading.len() == 3 && grading.iter().all(|&n| n > 0),
        "the third grader takes work too: {grading:?}"
    );
    let nodes = stack.node_count();
    let spread: Vec<(&str, usize)> = ["programming-api", "websocket", "grader-python"]
        .into_iter()
        .map(|short| (short, stack.nodes_of(short)))
        .collect();
    println!("stack: {nodes} swarm node(s); replicas spread over {spread:?} nodes");
    if nodes > 1 {
        assert!(
            stack.nodes_of("grader-python") > 1,
            "3 graders on a {nodes}-node swarm run on more than one node"
        );
    }
    tally.enter("scaling graders down");
    let clock = Instant::now();
    stack.scale("grader-python", graders).await;
    let scaled_down = clock.elapsed();

    tally.enter("rolling update of programming-api");
    let clock = Instant::now();
    stack.rolling_restart("programming-api").await;
    let rolled = clock.elapsed();
    tally.enter("settled");
    tokio::time::sleep(Duration::from_secs(5)).await;
    tally.stop();
    while let Some(joined) = learners.join_next().await {
        joined.expect("a learner panicked");
    }

    let graded = std::mem::take(&mut *tally.graded.lock().unwrap());
    let mut latencies: Vec<Duration> = graded.iter().map(|g| g.latency).collect();
    latencies.sort();
    println!(
        "stack: grader-api 2->3 in {:.1} s, 3->{graders} in {:.1} s; programming-api rolled in {:.1} s",
        scaled_up.as_secs_f64(),
        scaled_down.as_secs_f64(),
        rolled.as_secs_f64()
    );
    for (phase, requests, failed) in tally.per_phase() {
        println!("stack: {phase:<34} {requests:>5} requests, {failed} failed");
    }
    println!(
        "stack: {} submissions graded, POST -> final frame median {} ms, max {} ms; {:.0} s in all",
        graded.len(),
        latencies
            .get(latencies.len() / 2)
            .map_or(0, Duration::as_millis),
        latencies.last().map_or(0, Duration::as_millis),
        started.elapsed().as_secs_f64()
    );

    // The edge spreads the load over every replica of the API and of the relay.
    for (short, port, counter) in [
        ("programming-api", 8081, "api_http_requests_total"),
        ("websocket", 8083, "websocket_messages_forwarded_total"),
    ] {
        let served: Vec<u64> = stack
            .metrics_of_each_replica(short, port)
            .iter()
            .map(|text| sum_of(text, counter))
            .collect();
        println!("stack: {short} replicas served {served:?} ({counter})");
        assert!(
            served.len() >= 2 && served.iter().all(|&n| n > 0),
            "every {short} replica takes a share: {served:?}"
        );
    }

    let failures = tally.failures.lock().unwrap().clone();
    assert!(
        failures.is_empty(),
        "failed requests:\n{}",
        failures.join("\n")
    );
    let wrong: Vec<_> = graded
        .iter()
        .filter(|g| g.status != g.expected)
        .map(|g| format!("{} is {}, not {}", g.id, g.status, g.expected))
        .collect();
    assert!(wrong.is_empty(), "wrong verdicts:\n{}", wrong.join("\n"));
    assert!(
        graded.len() >= 30,
        "only {} submissions were graded under load",
        graded.len()
    );

    ops::backup_and_restore(&stack);
    let rotated = ops::rotate_postgres_password(&stack, &base).await;
    println!(
        "stack: Postgres password rotated and a verdict after it in {:.1} s; {:.0} s in all",
        rotated.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
}

/// The sum of a Prometheus counter over its label sets, the healthchecks' requests left out.
fn sum_of(metrics: &str, counter: &str) -> u64 {
    metrics
        .lines()
        .filter(|line| line.starts_with(counter) && !line.contains("/api/health"))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<f64>().ok())
        .sum::<f64>() as u64
}

/// What a browser and an API client do first, through the edge's one port.
async fn learner_flow_through_the_edge(base: &str) {
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    // `/` redirects a new visitor to the first assignment, rendered by programming-ui
    // with data from programming-api; the cookie it sets is an API identity too.
    let page = browser.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.url().path().starts_with("/assignments/"),
        "{}",
        page.url()
    );
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Hello"),
        "the first assignment's page: {html}"
    );
    assert!(
        html.contains("programming_ui"),
        "the page loads the wasm module"
    );
    let wasm = browser
        .get(format!("{base}/pkg/programming_ui_bg.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(wasm.status(), 200);
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    let progress = browser
        .get(format!("{base}/api/me/progress"))
        .send()
        .await
        .unwrap();
    assert_eq!(progress.status(), 200, "the UI's cookie works on the API");

    // An API client: a token, a WebSocket, a submission and its verdict, live.
    let api = Api::learner(base).await.unwrap();
    let hello = api.hello_id().await.unwrap();
    let (mut socket, _) = tokio_tungstenite::connect_async(api.socket_url())
        .await
        .unwrap();
    socket
        .send(Message::text(r#"{"type":"ping"}"#))
        .await
        .unwrap();
    assert_eq!(next_json(&mut socket).await["type"], "pong");
    let id = api.submit(hello, HELLO).await.unwrap();
    let mut seen = Vec::new();
    while !seen.last().is_some_and(|s| s == "passed" || s == "failed") {
        let frame = next_json(&mut socket).await;
        if frame["type"] == "submission" && frame["submission"]["id"] == id {
            seen.push(frame["submission"]["status"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(seen, ["running", "passed"]);
    let progress = api
        .expect("GET", "/api/me/progress", None, 200)
        .await
        .unwrap();
    assert_eq!(progress["completed"], json!([hello]));

    // Each language's graders: the first C++ and JavaScript assignments' references.
    let list = api
        .expect("GET", "/api/assignments", None, 200)
        .await
        .unwrap();
    for (language, reference) in HELLO_IN {
        let assignment = list["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["language"] == language)
            .and_then(|a| a["id"].as_i64())
            .unwrap_or_else(|| panic!("no {language} assignment: {list}"));
        let code = format!("{reference}// {}\n", uuid::Uuid::new_v4());
        let id = api.submit_exact(assignment, &code).await.unwrap();
        assert_eq!(api.final_status(&id).await.unwrap(), "passed", "{language}");
    }
}

async fn next_json(
    socket: &mut tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
) -> Value {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(60), socket.next())
            .await
            .expect("no frame within 60 s")
            .expect("socket closed")
            .expect("socket error");
        if let Message::Text(text) = frame {
            return serde_json::from_str(&text).unwrap();
        }
    }
}
