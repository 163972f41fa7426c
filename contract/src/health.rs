//! Health: what every service answers on `/api/health` (alive) and how it decides
//! `/api/ready` (its dependencies answer), and `BINARY healthcheck`, the container
//! healthcheck of every service image.
//!
//! The runtime images carry no curl, so each binary can probe its own health endpoint:
//! `programming-api healthcheck` asks `http://127.0.0.1:$API_PORT/api/health` and exits
//! 0 on a 200, 1 otherwise, within a few seconds.

use std::future::Future;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::pin::Pin;
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

/// How long a readiness check may take before its dependency counts as not answering.
pub const READY_TIMEOUT: Duration = Duration::from_secs(3);

/// `{"status": "ok"}`: the answer of `/api/health`, and of the API's and the UI's
/// `/api/ready` when ready.
pub fn ok() -> Json<wire::ops::Health> {
    Json(wire::ops::Health::ok())
}

/// `GET /api/health`: the process is alive and serving, whatever its dependencies do.
pub async fn alive() -> Json<wire::ops::Health> {
    ok()
}

/// A dependency that did not answer a readiness check in time.
#[derive(Debug, thiserror::Error)]
#[error("{dependency} is not available")]
pub struct NotReady {
    pub dependency: &'static str,
    /// Why, for the log; never sent to the client.
    #[source]
    pub cause: anyhow::Error,
}

/// 503 `unavailable` naming the dependency; the cause is logged, not sent.
impl IntoResponse for NotReady {
    fn into_response(self) -> Response {
        tracing::warn!(
            dependency = self.dependency,
            error = format!("{:#}", self.cause),
            "not ready"
        );
        crate::serve::error_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            &self.to_string(),
        )
    }
}

type CheckFuture<'a> = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send + 'a>>;

/// The checks behind one `/api/ready`: one per dependency, run at once, each bounded by
/// [`READY_TIMEOUT`].
#[derive(Default)]
pub struct Readiness<'a> {
    checks: Vec<(&'static str, CheckFuture<'a>)>,
}

impl<'a> Readiness<'a> {
    pub fn new() -> Readiness<'a> {
        Readiness::default()
    }

    /// Adds the check of `dependency`: Ok when it answers.
    pub fn check(
        mut self,
        dependency: &'static str,
        check: impl Future<Output = anyhow::Result<()>> + Send + 'a,
    ) -> Readiness<'a> {
        self.checks.push((dependency, Box::pin(check)));
        self
    }

    /// Ok when every dependency answered in time, else the first (in the order added)
    /// that did not.
    pub async fn run(self) -> Result<(), NotReady> {
        let checks = self
            .checks
            .into_iter()
            .map(|(dependency, check)| async move {
                match tokio::time::timeout(READY_TIMEOUT, check).await {
                    Ok(Ok(())) => Ok(()),
                    Ok(Err(cause)) => Err(NotReady { dependency, cause }),
                    Err(_) => Err(NotReady {
                        dependency,
                        cause: anyhow::anyhow!("no answer within {READY_TIMEOUT:?}"),
                    }),
                }
            });
        futures::future::join_all(checks)
            .await
            .into_iter()
            .collect()
    }
}

/// How long `BINARY healthcheck` waits to connect, send and read.
const TIMEOUT: Duration = Duration::from_secs(3);

/// When the process was started as `BINARY healthcheck`, probes `path` on the port in
/// `port_var` (or `default_port`) and exits with the result; otherwise returns.
pub fn run_if_asked(port_var: &str, default_port: u16, path: &str) {
    if std::env::args().nth(1).as_deref() != Some("healthcheck") {
        return;
    }
    let outcome = crate::config::parse_or(port_var, default_port)
        .and_then(|port| probe(SocketAddr::from((Ipv4Addr::LOCALHOST, port)), path));
    match outcome {
        Ok(()) => std::process::exit(0),
        Err(err) => {
            eprintln!("unhealthy: {err:#}");
            std::process::exit(1)
        }
    }
}

/// One `GET path` over HTTP/1.0; Ok when the status is 200.
pub fn probe(addr: SocketAddr, path: &str) -> anyhow::Result<()> {
    let mut stream = TcpStream::connect_timeout(&addr, TIMEOUT)?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n")?;
    let mut head = [0u8; 64];
    let mut read = 0;
    while read < head.len() {
        match stream.read(&mut head[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            // A server that closes at once may reset the connection after its answer.
            Err(_) if read > 0 => break,
            Err(err) => return Err(err.into()),
        }
    }
    let status_line = String::from_utf8_lossy(&head[..read]);
    let status = status_line.split_whitespace().nth(1).unwrap_or("");
    anyhow::ensure!(status == "200", "GET {path} on {addr} answered {status:?}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    fn serve_once(response: &'static str) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            let (mut conn, _) = listener.accept().unwrap();
            // The whole request is read first, so that closing sends no reset.
            let mut request = Vec::new();
            let mut chunk = [0u8; 256];
            while !request.ends_with(b"\r\n\r\n") {
                match conn.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&chunk[..n]),
                }
            }
            conn.write_all(response.as_bytes()).unwrap();
        });
        addr
    }

    #[test]
    fn a_200_is_healthy_and_anything_else_is_not() {
        let ok = serve_once("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok");
        probe(ok, "/api/health").unwrap();
        let down = serve_once("HTTP/1.1 503 Service Unavailable\r\n\r\n");
        let err = probe(down, "/api/health").unwrap_err().to_string();
        assert!(err.contains("503"), "{err}");
    }

    #[tokio::test]
    async fn ready_when_every_dependency_answers_and_names_the_first_that_does_not() {
        Readiness::new()
            .check("postgres", async { Ok(()) })
            .check("redis", async { Ok(()) })
            .run()
            .await
            .unwrap();
        let err = Readiness::new()
            .check("postgres", async { Ok(()) })
            .check("redis", async { anyhow::bail!("refused") })
            .check("docker", async { anyhow::bail!("gone") })
            .run()
            .await
            .unwrap_err();
        assert_eq!(err.dependency, "redis");
        assert_eq!(err.to_string(), "redis is not available");
        let response = err.into_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    }

    /// Waits the whole READY_TIMEOUT.
    #[tokio::test]
    async fn a_dependency_that_hangs_is_not_ready() {
        let err = Readiness::new()
            .check("postgres", std::future::pending())
            .run()
            .await
            .unwrap_err();
        assert_eq!(err.dependency, "postgres");
    }

    #[test]
    fn nothing_listening_is_unhealthy() {
        let addr = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        assert!(probe(addr, "/api/health").is_err());
    }
}
