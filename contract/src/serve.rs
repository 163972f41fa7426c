//! Serving HTTP: the one accept loop every service runs, with the timeouts a public
//! server needs and the graceful shutdown the swarm relies on.
//!
//! `axum::serve` sets no header-read timeout (a client sending one header byte every
//! few seconds holds a connection forever) and no request timeout. This loop serves
//! HTTP/1.1 through hyper's own connection builder with its header-read timeout, which
//! runs from the moment a connection is accepted, so a client that connects and sends
//! nothing is cut off too. Not hyper-util's `auto::Builder`: it first reads the bytes
//! that tell HTTP/1 from HTTP/2 with no deadline at all (a silent client would be held
//! again), and axum is built without HTTP/2 here, so `axum::serve` spoke only HTTP/1.1.
//! Each request carries the peer address as `ConnectInfo<SocketAddr>` and gets at most
//! [`HttpLimits::request_timeout`] to produce its response head.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower::ServiceExt;

use crate::backoff::Backoff;
use crate::config::parse_or;

/// Time limits of every connection and request, the same in every service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// How long a client may take to send a request's head (line and headers), counted
    /// from when the server starts waiting for it: after accepting the connection, or
    /// after the previous response on a kept-alive one (so it is also the idle timeout).
    pub header_read_timeout: Duration,
    /// How long a request may take until its response head is ready, body upload
    /// included; then it is answered 503 `timeout`. A WebSocket's life after its
    /// upgrade is not a request and is not limited.
    pub request_timeout: Duration,
}

impl Default for HttpLimits {
    fn default() -> Self {
        HttpLimits {
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
        }
    }
}

impl HttpLimits {
    /// `HTTP_HEADER_READ_TIMEOUT_MS` (default 10000) and `HTTP_REQUEST_TIMEOUT_MS`
    /// (default 30000).
    pub fn from_env() -> anyhow::Result<HttpLimits> {
        let defaults = HttpLimits::default();
        let millis = |name, default: Duration| {
            parse_or(name, default.as_millis() as u64).map(Duration::from_millis)
        };
        let limits = HttpLimits {
            header_read_timeout: millis(
                "HTTP_HEADER_READ_TIMEOUT_MS",
                defaults.header_read_timeout,
            )?,
            request_timeout: millis("HTTP_REQUEST_TIMEOUT_MS", defaults.request_timeout)?,
        };
        anyhow::ensure!(
            !limits.header_read_timeout.is_zero() && !limits.request_timeout.is_zero(),
            "HTTP_HEADER_READ_TIMEOUT_MS and HTTP_REQUEST_TIMEOUT_MS must be above 0"
        );
        Ok(limits)
    }
}

/// API.md's error body, `{"error": {"code", "message"}}`, with `status`. Every
/// service's error type answers through this, so the shape is written once.
pub fn error_response(status: StatusCode, code: &str, message: &str) -> Response {
    (status, axum::Json(wire::ErrorBody::new(code, message))).into_response()
}

/// Serves `router` on `listener` until `shutdown` completes; then stops accepting
/// (new connections are refused), lets every open connection finish the request it is
/// serving, closes idle ones, and returns when all are gone. Upgraded connections
/// (WebSockets) are the service's own to close.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: HttpLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let draining = CancellationToken::new();
    let connections = TaskTracker::new();
    let mut shutdown = std::pin::pin!(shutdown);
    let mut accept_backoff = Backoff::new(Duration::from_millis(10), Duration::from_secs(1));
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((stream, peer)) => {
                accept_backoff.reset();
                let router = router.clone();
                let draining = draining.clone();
                connections.spawn(serve_connection(stream, peer, router, limits, draining));
            }
            // Out of file descriptors, or a connection reset before it was accepted:
            // wait a little instead of spinning, and go on.
            Err(err) => {
                tracing::warn!(error = %err, "accepting a connection failed");
                accept_backoff.wait().await;
            }
        }
    }
    drop(listener);
    tracing::info!(
        open = connections.len(),
        "stopped accepting; draining connections"
    );
    draining.cancel();
    connections.close();
    connections.wait().await;
    Ok(())
}

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: HttpLimits,
    draining: CancellationToken,
) {
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let router = router.clone();
        async move {
            let mut request = request.map(Body::new);
            request.extensions_mut().insert(ConnectInfo(peer));
            let answer = tokio::time::timeout(limits.request_timeout, router.oneshot(request));
            let response = match answer.await {
                Ok(Ok(response)) => response,
                Ok(Err(infallible)) => match infallible {},
                Err(_elapsed) => timed_out(limits.request_timeout),
            };
            Ok::<_, Infallible>(response)
        }
    });
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .serve_connection(TokioIo::new(stream), service)
        .with_upgrades();
    let mut connection = std::pin::pin!(connection);
    let result = tokio::select! {
        result = connection.as_mut() => result,
        () = draining.cancelled() => {
            // Finishes the request in flight (if any), then closes.
            connection.as_mut().graceful_shutdown();
            connection.await
        }
    };
    if let Err(err) = result {
        // Header-read timeouts, resets and malformed requests: the client's doing.
        tracing::debug!(%peer, error = %err, "connection ended with an error");
    }
}

fn timed_out(limit: Duration) -> Response {
    tracing::warn!(limit_ms = limit.as_millis() as u64, "a request timed out");
    error_response(
        StatusCode::SERVICE_UNAVAILABLE,
        "timeout",
        &format!(
            "the server did not answer within {} ms; try again",
            limit.as_millis()
        ),
    )
}
