//! `cp-bench`: the measuring half of `./platform bench` (the script starts what is
//! measured: the platform on each sandbox backend, nginx for the ceiling).
//!
//! ```text
//! cp-bench floor ROOTFS OUT          the floor: Hello's unittest run by the sandbox's python3
//! cp-bench ceiling URL OUT           a fixed response (nginx) under the cached-GET load
//! cp-bench platform BASE BACKEND OUT POST -> final frame, bursts of learners, cached GETs
//! cp-bench intake BASE OUT           thousands of learners submit at once; the backlog drains
//! cp-bench relay BASE REDIS PID OUT  thousands of WebSockets on the relay (process PID)
//! cp-bench report FILE...            every figure side by side, as ratios, against the targets
//! ```
//!
//! Each measuring command writes its figures as JSON to OUT; `report` reads them all.
//! Settings: `BENCH_RUNS` (100), `BENCH_LEARNERS` (`1,4,16,64`), `BENCH_CONNECTIONS` (64),
//! `BENCH_SECONDS` (10), `BENCH_INTAKE` (4000), `BENCH_INTAKE_CONNECTIONS` (256), `BENCH_SOCKETS` (10000), `BENCH_PUSH_RATE`
//! (2000); the admin's `CP_ADMIN_USERNAME` and `CP_ADMIN_PASSWORD`.

mod client;
mod floor;
mod intake;
mod load;
mod platform;
mod relay;
mod report;
mod stats;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context};

fn setting(name: &str, default: usize) -> anyhow::Result<usize> {
    match std::env::var(name) {
        Ok(value) => value
            .parse()
            .with_context(|| format!("{name}={value} is not a whole number")),
        Err(_) => Ok(default),
    }
}

/// A list of whole numbers (`1,4,16`), or `default`.
fn list(name: &str, default: &[usize]) -> anyhow::Result<Vec<usize>> {
    match std::env::var(name) {
        Ok(value) => value
            .split([',', ' '])
            .filter(|item| !item.is_empty())
            .map(|item| {
                item.parse()
                    .with_context(|| format!("{name}={value}: {item} is not a whole number"))
            })
            .collect(),
        Err(_) => Ok(default.to_vec()),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let connections = setting("BENCH_CONNECTIONS", 64)?;
    let seconds = setting("BENCH_SECONDS", 10)? as u64;
    match args.as_slice() {
        ["floor", rootfs, out] => {
            let sample = floor::measure(Path::new(rootfs))?;
            let median = sample.median_ms();
            println!(
                "floor: python3 -m unittest of Hello in the sandbox's rootfs: median {median:.1} ms of {}",
                sample.len()
            );
            let figures = stats::Figures::from([("floor_ms".to_owned(), median)]);
            stats::write(Path::new(out), &figures)
        }
        ["ceiling", url, out] => {
            eprintln!("[nginx] GET {url}: {connections} connections, {seconds} s");
            let measured = load::get(
                url,
                &[],
                connections,
                Duration::from_secs(2),
                Duration::from_secs(seconds),
            )
            .await?;
            if measured.errors > 0 {
                bail!("the ceiling answered {} errors", measured.errors);
            }
            let figures = stats::Figures::from([
                ("nginx_rps".to_owned(), measured.rps()),
                (
                    "nginx_p50_ms".to_owned(),
                    measured.latencies.percentile_ms(50.0),
                ),
                (
                    "nginx_p99_ms".to_owned(),
                    measured.latencies.percentile_ms(99.0),
                ),
            ]);
            println!(
                "ceiling: nginx fixed response: {:.0} req/s, p99 {:.2} ms",
                measured.rps(),
                measured.latencies.percentile_ms(99.0)
            );
            stats::write(Path::new(out), &figures)
        }
        ["platform", base, backend, out] => {
            let settings = platform::Settings {
                runs: setting("BENCH_RUNS", 100)?,
                bursts: list("BENCH_LEARNERS", &[1, 4, 16, 64])?,
                connections,
                seconds,
            };
            let figures = platform::measure(base.trim_end_matches('/'), backend, &settings).await?;
            stats::write(Path::new(out), &figures)
        }
        ["intake", base, out] => {
            let settings = intake::Settings {
                submissions: setting("BENCH_INTAKE", 4000)?,
                connections: setting("BENCH_INTAKE_CONNECTIONS", 256)?,
            };
            let figures = intake::measure(base.trim_end_matches('/'), &settings).await?;
            stats::write(Path::new(out), &figures)
        }
        ["relay", base, redis_url, pid, out] => {
            let settings = relay::Settings {
                sockets: setting("BENCH_SOCKETS", 10_000)?,
                push_rate: setting("BENCH_PUSH_RATE", 2000)?,
                connections,
            };
            let pid = pid.parse().with_context(|| format!("the process id {pid}"))?;
            let figures =
                relay::measure(base.trim_end_matches('/'), redis_url, pid, &settings).await?;
            stats::write(Path::new(out), &figures)
        }
        ["report", files @ ..] if !files.is_empty() => {
            let mut figures = stats::Figures::new();
            for file in files {
                figures.extend(stats::read(&PathBuf::from(file))?);
            }
            print!("{}", report::render(&figures));
            Ok(())
        }
        _ => bail!(
            "usage: cp-bench floor ROOTFS OUT | ceiling URL OUT | platform BASE BACKEND OUT | intake BASE OUT | relay BASE REDIS_URL PID OUT | report FILE..."
        ),
    }
}
