//! A small closed-loop HTTP/1.1 load generator: `connections` keep-alive connections, each
//! sending one GET and reading its whole answer before the next, for a fixed time. Lean on
//! purpose (a request is one prepared buffer written, the answer framed by its
//! `Content-Length`): it shares the machine's cores with the server it measures, and the
//! same generator drives the nginx ceiling, so the two figures are comparable.

use std::time::{Duration, Instant};

use anyhow::{anyhow, bail, Context};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::stats::Sample;

/// What a load run measured: requests answered `200` while measuring, and their latencies.
#[derive(Debug)]
pub(crate) struct Measured {
    pub(crate) ok: u64,
    pub(crate) errors: u64,
    pub(crate) seconds: f64,
    pub(crate) latencies: Sample,
}

impl Measured {
    pub(crate) fn rps(&self) -> f64 {
        self.ok as f64 / self.seconds
    }
}

/// `GET url` with `headers` over `connections` connections: `warmup` unmeasured, then
/// `duration` measured.
pub(crate) async fn get(
    url: &str,
    headers: &[(&str, &str)],
    connections: usize,
    warmup: Duration,
    duration: Duration,
) -> anyhow::Result<Measured> {
    let url = reqwest::Url::parse(url).with_context(|| format!("the address {url}"))?;
    if url.scheme() != "http" {
        bail!("only http:// addresses: {url}");
    }
    let host = url
        .host_str()
        .ok_or_else(|| anyhow!("no host in {url}"))?
        .to_owned();
    let port = url.port_or_known_default().unwrap_or(80);
    let mut target = url.path().to_owned();
    if let Some(query) = url.query() {
        target = format!("{target}?{query}");
    }
    let mut request = format!("GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    let request: std::sync::Arc<[u8]> = request.into_bytes().into();
    let address = format!("{host}:{port}");

    let start = Instant::now() + warmup;
    let end = start + duration;
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let (request, address) = (request.clone(), address.clone());
            tokio::spawn(async move { connection(&address, &request, start, end).await })
        })
        .collect();
    let mut measured = Measured {
        ok: 0,
        errors: 0,
        seconds: duration.as_secs_f64(),
        latencies: Sample::default(),
    };
    for task in tasks {
        let (ok, errors, latencies) = task.await.context("a load connection panicked")??;
        measured.ok += ok;
        measured.errors += errors;
        measured.latencies.extend(latencies);
    }
    Ok(measured)
}

/// One connection's loop; reconnects after an error or a `Connection: close`.
async fn connection(
    address: &str,
    request: &[u8],
    start: Instant,
    end: Instant,
) -> anyhow::Result<(u64, u64, Vec<Duration>)> {
    let (mut ok, mut errors, mut latencies) = (0, 0, Vec::new());
    let mut buffer = Vec::with_capacity(64 * 1024);
    let mut stream: Option<TcpStream> = None;
    while Instant::now() < end {
        if stream.is_none() {
            let fresh = TcpStream::connect(address)
                .await
                .with_context(|| format!("connecting to {address}"))?;
            fresh.set_nodelay(true)?;
            stream = Some(fresh);
        }
        let conn = stream.as_mut().expect("connected");
        let sent = Instant::now();
        let answer = exchange(conn, request, &mut buffer).await;
        let took = sent.elapsed();
        let measuring = sent >= start && Instant::now() <= end;
        match answer {
            Ok((status, keep_alive)) => {
                if measuring {
                    if status == 200 {
                        ok += 1;
                        latencies.push(took);
                    } else {
                        errors += 1;
                    }
                }
                if !keep_alive {
                    stream = None;
                }
            }
            Err(_) => {
                if measuring {
                    errors += 1;
                }
                stream = None;
            }
        }
    }
    Ok((ok, errors, latencies))
}

/// Writes the request and reads one whole answer: its status and whether the connection
/// stays open.
async fn exchange(
    stream: &mut TcpStream,
    request: &[u8],
    buffer: &mut Vec<u8>,
) -> anyhow::Result<(u16, bool)> {
    stream.write_all(request).await?;
    buffer.clear();
    let head_end = loop {
        if let Some(at) = find(buffer, b"\r\n\r\n") {
            break at + 4;
        }
        read_more(stream, buffer).await?;
    };
    let head = std::str::from_utf8(&buffer[..head_end]).context("a non-UTF-8 head")?;
    let status: u16 = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| anyhow!("no status in {head:?}"))?;
    let mut length = None;
    let mut keep_alive = true;
    for line in head.split("\r\n").skip(1) {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let (name, value) = (name.trim(), value.trim());
        if name.eq_ignore_ascii_case("content-length") {
            length = Some(value.parse::<usize>().context("a Content-Length")?);
        } else if name.eq_ignore_ascii_case("connection") && value.eq_ignore_ascii_case("close") {
            keep_alive = false;
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            bail!("chunked answers are not read by this generator");
        }
    }
    let length = length.ok_or_else(|| anyhow!("an answer without Content-Length"))?;
    while buffer.len() < head_end + length {
        read_more(stream, buffer).await?;
    }
    Ok((status, keep_alive))
}

async fn read_more(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> anyhow::Result<()> {
    let before = buffer.len();
    buffer.resize(before + 16 * 1024, 0);
    let read = stream.read(&mut buffer[before..]).await?;
    buffer.truncate(before + read);
    if read == 0 {
        bail!("the server closed the connection");
    }
    Ok(())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}
