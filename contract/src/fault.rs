//! Fault injection for tests: a TCP proxy in front of Postgres or Redis that a test can
//! cut and restore, so a service sees its dependency die without the shared test
//! server being stopped.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Forwards connections from a loopback port to `upstream` while up. [`TcpProxy::cut`]
/// closes every forwarded connection and refuses new ones (they are accepted and
/// closed at once, as a stopped server would do); [`TcpProxy::restore`] forwards again.
pub struct TcpProxy {
    address: SocketAddr,
    up: Arc<watch::Sender<bool>>,
    acceptor: JoinHandle<()>,
}

impl TcpProxy {
    /// Starts a proxy on `127.0.0.1:0` in front of `upstream` (`host:port`).
    pub async fn start(upstream: impl Into<String>) -> std::io::Result<TcpProxy> {
        let upstream = upstream.into();
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let up = Arc::new(watch::Sender::new(true));
        let acceptor = tokio::spawn(accept(listener, upstream, up.clone()));
        Ok(TcpProxy {
            address,
            up,
            acceptor,
        })
    }

    /// Starts a proxy in front of the server of `url` (a `postgres://` or `redis://`
    /// URL) and returns it with the same URL pointing at the proxy.
    pub async fn for_url(url: &str) -> std::io::Result<(TcpProxy, String)> {
        let invalid = || std::io::Error::new(std::io::ErrorKind::InvalidInput, "no host in URL");
        let (start, end) = authority_host(url).ok_or_else(invalid)?;
        let proxy = TcpProxy::start(&url[start..end]).await?;
        let proxied = proxy.redirect(url).ok_or_else(invalid)?;
        Ok((proxy, proxied))
    }

    /// `url` (of the proxied server, possibly another database on it) pointing at
    /// this proxy instead; `None` when it has no host.
    pub fn redirect(&self, url: &str) -> Option<String> {
        let (start, end) = authority_host(url)?;
        Some(format!("{}{}{}", &url[..start], self.address, &url[end..]))
    }

    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Drops every forwarded connection and refuses new ones until [`TcpProxy::restore`].
    pub fn cut(&self) {
        self.up.send_replace(false);
    }

    pub fn restore(&self) {
        self.up.send_replace(true);
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.cut();
        self.acceptor.abort();
    }
}

/// The byte range of `host:port` in a URL like `scheme://user:pass@host:port/path`.
fn authority_host(url: &str) -> Option<(usize, usize)> {
    let start = url.find("://")? + 3;
    let end = url[start..]
        .find(['/', '?'])
        .map_or(url.len(), |i| start + i);
    let host_start = url[start..end].rfind('@').map_or(start, |i| start + i + 1);
    (host_start < end).then_some((host_start, end))
}

async fn accept(listener: TcpListener, upstream: String, up: Arc<watch::Sender<bool>>) {
    while let Ok((client, _)) = listener.accept().await {
        if !*up.borrow() {
            drop(client);
            continue;
        }
        tokio::spawn(forward(client, upstream.clone(), up.subscribe()));
    }
}

/// Copies both ways until either side closes or the proxy is cut.
async fn forward(mut client: TcpStream, upstream: String, mut up: watch::Receiver<bool>) {
    let Ok(mut server) = TcpStream::connect(&upstream).await else {
        return;
    };
    tokio::select! {
        _ = copy_bidirectional(&mut client, &mut server) => {}
        _ = up.wait_for(|up| !*up) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_host_and_port_of_urls() {
        let host = |url: &str| authority_host(url).map(|(s, e)| url[s..e].to_owned());
        assert_eq!(
            host("postgres://u:p@127.0.0.1:5432/db").as_deref(),
            Some("127.0.0.1:5432")
        );
        assert_eq!(host("redis://:p@h:6379/").as_deref(), Some("h:6379"));
        assert_eq!(host("redis://h:1").as_deref(), Some("h:1"));
        assert_eq!(host("nothing"), None);
    }
}
