//! The WebSocket relay holding many learners' sockets: the memory each one costs the
//! relay's process, and how long a pushed event takes from Redis to its socket.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context};
use futures::StreamExt;
use redis::AsyncCommands;

use crate::client::{learners, next_json, Learner};
use crate::stats::{Figures, Sample};

/// The settings of a relay run (environment variables of `cp-bench relay`).
pub(crate) struct Settings {
    /// Sockets held at once, one per learner (`BENCH_SOCKETS`, default 10000).
    pub(crate) sockets: usize,
    /// Events published per second, one per socket (`BENCH_PUSH_RATE`, default 2000).
    pub(crate) push_rate: usize,
    /// Connections opened at once (`BENCH_CONNECTIONS`, default 64).
    pub(crate) connections: usize,
}

/// Resident memory of a process in KiB (`VmRSS`).
fn resident_kib(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .with_context(|| format!("reading the status of process {pid}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| anyhow!("no VmRSS for process {pid}"))
}

/// `pid` is the process serving `BASE/ws`; `redis_url` the Redis it relays from.
pub(crate) async fn measure(
    base: &str,
    redis_url: &str,
    pid: u32,
    settings: &Settings,
) -> anyhow::Result<Figures> {
    let count = settings.sockets;
    eprintln!("[relay] {count} learners, one WebSocket each");
    let learners = learners(base, count, settings.connections).await?;
    let keys = contract::keys::Keys::from_env()?;
    let redis = redis::Client::open(redis_url)?;
    let mut publisher = redis.get_multiplexed_async_connection().await?;

    // Settle what creating the learners allocated before the baseline.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = resident_kib(pid)?;
    eprintln!(
        "[relay] opening {count} sockets (the relay's process: {} MiB before)",
        before / 1024
    );
    let opened = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let sockets = futures::stream::iter(learners.iter())
        .map(|learner: &Learner| {
            let opened = Arc::clone(&opened);
            async move {
                let socket = learner.connect().await?;
                let done = opened.fetch_add(1, Ordering::Relaxed) + 1;
                if done.is_multiple_of(2000) {
                    eprintln!("  {done}/{count} open ...");
                }
                Ok::<_, anyhow::Error>(socket)
            }
        })
        .buffer_unordered(settings.connections)
        .collect::<Vec<_>>()
        .await;
    let sockets: Vec<_> = sockets.into_iter().collect::<anyhow::Result<_>>()?;
    let open_seconds = started.elapsed().as_secs_f64();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let after = resident_kib(pid)?;
    let per_socket_kib = after.saturating_sub(before) as f64 / count as f64;
    eprintln!(
        "  {count} open in {open_seconds:.1} s; the relay's process: {} MiB, {per_socket_kib:.1} KiB per socket",
        after / 1024
    );

    // Every socket waits for one event; the event carries when it was published.
    let epoch = Instant::now();
    let readers: Vec<_> = sockets
        .into_iter()
        .map(|mut socket| {
            tokio::spawn(async move {
                loop {
                    let frame = next_json(&mut socket, Duration::from_secs(30)).await?;
                    if frame["type"] == "bench" {
                        let sent = frame["sent_us"].as_u64().unwrap_or_default();
                        let now = epoch.elapsed().as_micros() as u64;
                        return Ok::<_, anyhow::Error>((Duration::from_micros(now - sent), socket));
                    }
                }
            })
        })
        .collect();
    eprintln!(
        "[relay] one event to each socket, {} per second",
        settings.push_rate
    );
    let batch = (settings.push_rate / 100).max(1);
    let mut tick = tokio::time::interval(Duration::from_millis(10));
    for chunk in learners.chunks(batch) {
        tick.tick().await;
        for learner in chunk {
            let payload = format!(
                r#"{{"type":"bench","sent_us":{}}}"#,
                epoch.elapsed().as_micros()
            );
            let _: i64 = publisher
                .publish(keys.user_channel(learner.id), payload)
                .await?;
        }
    }
    let mut latencies = Sample::default();
    let mut held = Vec::with_capacity(count);
    for reader in readers {
        let (took, socket) = reader.await.context("a socket reader panicked")??;
        latencies.push(took);
        held.push(socket);
    }
    if latencies.len() != count {
        bail!("{} of {count} events arrived", latencies.len());
    }
    eprintln!(
        "  push p50 {:.2} ms, p99 {:.2} ms",
        latencies.percentile_ms(50.0),
        latencies.percentile_ms(99.0)
    );
    drop(held);
    Ok(Figures::from([
        ("relay.sockets".to_owned(), count as f64),
        ("relay.kib_per_socket".to_owned(), per_socket_kib),
        ("relay.rss_mib".to_owned(), after as f64 / 1024.0),
        ("relay.push_rate".to_owned(), settings.push_rate as f64),
        (
            "relay.push_p50_ms".to_owned(),
            latencies.percentile_ms(50.0),
        ),
        (
            "relay.push_p99_ms".to_owned(),
            latencies.percentile_ms(99.0),
        ),
    ]))
}
