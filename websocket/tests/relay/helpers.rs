//! A relay on a random port with its own database and Redis prefix, and a client.

use std::net::SocketAddr;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use contract::Keys;
use futures::{SinkExt, StreamExt};
use redis::AsyncCommands;
use sqlx::PgPool;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use uuid::Uuid;

pub(crate) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A safety net so a broken relay fails the test instead of hanging it.
const PATIENCE: Duration = Duration::from_secs(10);

/// Tests that cut Redis connections take this exclusively, so they never cut the
/// subscription of a relay that another test in this binary is using.
static REDIS_CONNECTIONS: LazyLock<Arc<tokio::sync::RwLock<()>>> = LazyLock::new(Default::default);

enum Guard {
    Shared(#[allow(dead_code)] tokio::sync::OwnedRwLockReadGuard<()>),
    Exclusive(#[allow(dead_code)] tokio::sync::OwnedRwLockWriteGuard<()>),
}

pub(crate) struct TestRelay {
    pub(crate) address: SocketAddr,
    pub(crate) db: PgPool,
    pub(crate) keys: Keys,
    pub(crate) redis: redis::aio::MultiplexedConnection,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
    /// The Redis connections the relay opened, known only for a relay started alone.
    own_subscriptions: Vec<String>,
    _guard: Guard,
}

pub(crate) async fn spawn_relay() -> TestRelay {
    spawn_relay_with(|_| {}).await
}

/// Like [`spawn_relay`], letting the test change the configuration first.
pub(crate) async fn spawn_relay_with(change: impl FnOnce(&mut websocket::Config)) -> TestRelay {
    let guard = Guard::Shared(Arc::clone(&REDIS_CONNECTIONS).read_owned().await);
    start(guard, change).await
}

/// A relay while no other test's relay runs in this process.
pub(crate) async fn spawn_relay_alone() -> TestRelay {
    let guard = Guard::Exclusive(Arc::clone(&REDIS_CONNECTIONS).write_owned().await);
    start(guard, |_| {}).await
}

async fn start(guard: Guard, change: impl FnOnce(&mut websocket::Config)) -> TestRelay {
    contract::telemetry::init_for_tests();
    let database_url = migrations::test_support::fresh_database()
        .await
        .expect("test database");
    let redis_url = std::env::var("REDIS_URL").expect("REDIS_URL (run ./platform env)");
    let keys = Keys::new(format!("test-{}:", Uuid::new_v4()));
    let mut config = websocket::Config {
        database_url: database_url.clone(),
        redis_url: redis_url.clone(),
        keys: keys.clone(),
        port: 0,
        sockets: Default::default(),
        http: Default::default(),
    };
    change(&mut config);
    let mut redis = redis::Client::open(redis_url)
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    let before = pattern_subscribers(&mut redis).await;
    let relay = websocket::build(config).await.expect("relay builds");
    let own_subscriptions = match guard {
        Guard::Exclusive(_) => {
            let after = pattern_subscribers(&mut redis).await;
            after
                .into_iter()
                .filter(|id| !before.contains(id))
                .collect()
        }
        Guard::Shared(_) => Vec::new(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(relay.run(listener, async {
        let _ = stopped.await;
    }));
    let db = PgPool::connect(&database_url).await.unwrap();
    TestRelay {
        address,
        db,
        keys,
        redis,
        stop: Some(stop),
        server: Some(server),
        own_subscriptions,
        _guard: guard,
    }
}

impl TestRelay {
    /// A new user of `role` and a session token for them.
    pub(crate) async fn user(&self, role: &str) -> (Uuid, String) {
        let id = Uuid::new_v4();
        sqlx::query("INSERT INTO users (id, role) VALUES ($1, $2)")
            .bind(id)
            .bind(role)
            .execute(&self.db)
            .await
            .unwrap();
        (
            id,
            contract::auth::create_session(&self.db, id).await.unwrap(),
        )
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("ws://{}{path}", self.address)
    }

    /// Connects with `?token=` and waits for a pong, after which the socket is registered.
    pub(crate) async fn connect(&self, token: &str) -> Socket {
        let (mut socket, _) =
            tokio_tungstenite::connect_async(self.url(&format!("/ws?token={token}")))
                .await
                .unwrap();
        ping(&mut socket).await;
        socket
    }

    /// Connects with the session cookie instead.
    pub(crate) async fn connect_with_cookie(&self, token: &str) -> Socket {
        let mut request = self.url("/ws").into_client_request().unwrap();
        request.headers_mut().insert(
            "Cookie",
            format!("theme=dark; cp_session={token}").parse().unwrap(),
        );
        let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
        ping(&mut socket).await;
        socket
    }

    pub(crate) async fn publish(&mut self, user: Uuid, payload: &str) {
        let _: i64 = self
            .redis
            .publish(self.keys.user_channel(user), payload)
            .await
            .unwrap();
    }

    pub(crate) async fn publish_to_admins(&mut self, payload: &str) {
        let _: i64 = self
            .redis
            .publish(self.keys.admin_channel(), payload)
            .await
            .unwrap();
    }

    /// Whether the relay says admins are watching (the API computes stats only then).
    pub(crate) async fn admins_watching(&mut self) -> bool {
        redis::cmd("EXISTS")
            .arg(self.keys.admins_watching())
            .query_async(&mut self.redis)
            .await
            .unwrap()
    }

    /// Cuts the relay's subscription connection(s); returns how many were cut.
    /// Only for a relay from [`spawn_relay_alone`], whose connections are known.
    pub(crate) async fn cut_subscription(&mut self) -> usize {
        for id in &self.own_subscriptions {
            let _: i64 = redis::cmd("CLIENT")
                .arg("KILL")
                .arg("ID")
                .arg(id)
                .query_async(&mut self.redis)
                .await
                .unwrap();
        }
        self.own_subscriptions.len()
    }

    /// Whether a new subscription replaced the one that was cut.
    pub(crate) async fn resubscribed(&mut self) -> bool {
        let now = pattern_subscribers(&mut self.redis).await;
        now.iter().any(|id| !self.own_subscriptions.contains(id))
    }

    pub(crate) async fn http_get(&self, path: &str) -> (u16, String) {
        let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        http_exchange(self.address, &request).await
    }

    pub(crate) async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        let server = self.server.take().unwrap();
        tokio::time::timeout(PATIENCE, server)
            .await
            .expect("relay stops")
            .unwrap()
            .unwrap();
    }
}

/// Sends `{"type":"ping"}` and expects `{"type":"pong"}` as the next frame.
pub(crate) async fn ping(socket: &mut Socket) {
    socket
        .send(Message::text(r#"{"type":"ping"}"#))
        .await
        .unwrap();
    assert_eq!(next_text(socket).await, r#"{"type":"pong"}"#);
}

/// The next text frame (server pings are answered by tungstenite and skipped here).
pub(crate) async fn next_text(socket: &mut Socket) -> String {
    loop {
        let message = tokio::time::timeout(PATIENCE, socket.next())
            .await
            .expect("a frame within the test's patience")
            .expect("socket open")
            .expect("valid frame");
        match message {
            Message::Text(text) => return text.to_string(),
            Message::Ping(_) | Message::Pong(_) => continue,
            other => panic!("unexpected frame {other:?}"),
        }
    }
}

/// A raw HTTP/1.1 exchange: status code and body.
pub(crate) async fn http_exchange(address: SocketAddr, request: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    tokio::time::timeout(PATIENCE, stream.read_to_string(&mut response))
        .await
        .unwrap()
        .unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// Ids of the Redis connections that hold a pattern subscription.
async fn pattern_subscribers(redis: &mut redis::aio::MultiplexedConnection) -> Vec<String> {
    let list: String = redis::cmd("CLIENT")
        .arg("LIST")
        .query_async(redis)
        .await
        .unwrap();
    list.lines()
        .filter(|line| {
            line.split(' ')
                .any(|field| field.starts_with("psub=") && field != "psub=0")
        })
        .filter_map(|line| line.split(' ').find_map(|field| field.strip_prefix("id=")))
        .map(str::to_owned)
        .collect()
}
