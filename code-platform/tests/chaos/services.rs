//! programming-api and the websocket relay, in this process on random ports. The relay
//! can be restarted on its port, as a redeployed relay would come back.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use contract::Keys;
use secrecy::SecretString;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub(crate) const ADMIN_USERNAME: &str = "chaos-admin";
pub(crate) const ADMIN_PASSWORD: &str = "chaos-admin-password";

/// A service task and the switch that stops it.
struct Running {
    stop: oneshot::Sender<()>,
    task: JoinHandle<anyhow::Result<()>>,
}

impl Running {
    async fn stop(self) -> anyhow::Result<()> {
        let _ = self.stop.send(());
        self.task.await.context("a service task panicked")?
    }
}

pub(crate) struct Services {
    database_url: String,
    redis_url: String,
    pub(crate) api_base: String,
    relay_addr: SocketAddr,
    api: Option<Running>,
    relay: Option<Running>,
}

impl Services {
    pub(crate) async fn start(database_url: String, redis_url: String) -> anyhow::Result<Services> {
        let api_listener = TcpListener::bind("127.0.0.1:0").await?;
        let relay_listener = TcpListener::bind("127.0.0.1:0").await?;
        let mut services = Services {
            api_base: format!("http://{}", api_listener.local_addr()?),
            relay_addr: relay_listener.local_addr()?,
            database_url,
            redis_url,
            api: None,
            relay: None,
        };
        let config = programming_api::Config {
            database_url: services.database_url.clone(),
            redis_url: services.redis_url.clone(),
            keys: Keys::default(),
            port: 0,
            admin: Some(programming_api::AdminCredentials {
                username: ADMIN_USERNAME.to_owned(),
                password: SecretString::from(ADMIN_PASSWORD),
            }),
            limits: programming_api::RateLimits::default(),
            trusted_proxies: Default::default(),
            http: Default::default(),
            check_wait: std::time::Duration::from_secs(20),
        };
        let api = programming_api::build(config).await?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(api.run(api_listener, async {
            let _ = stopped.await;
        }));
        services.api = Some(Running { stop, task });
        services.start_relay(relay_listener).await?;
        Ok(services)
    }

    /// `ws://<relay>/ws`.
    pub(crate) fn ws_url(&self) -> String {
        format!("ws://{}/ws", self.relay_addr)
    }

    async fn start_relay(&mut self, listener: TcpListener) -> anyhow::Result<()> {
        let config = websocket::Config {
            database_url: self.database_url.clone(),
            redis_url: self.redis_url.clone(),
            keys: Keys::default(),
            port: 0,
            sockets: Default::default(),
            http: Default::default(),
        };
        let relay = websocket::build(config).await?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(relay.run(listener, async {
            let _ = stopped.await;
        }));
        self.relay = Some(Running { stop, task });
        Ok(())
    }

    /// Stops the relay (closing every socket) and starts a new one on the same port.
    pub(crate) async fn restart_relay(&mut self) -> anyhow::Result<()> {
        if let Some(relay) = self.relay.take() {
            relay.stop().await.context("the relay failed")?;
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        let listener = loop {
            match TcpListener::bind(self.relay_addr).await {
                Ok(listener) => break listener,
                Err(err) if Instant::now() > deadline => {
                    bail!("rebinding {}: {err}", self.relay_addr)
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        };
        self.start_relay(listener).await
    }

    /// Stops both services, failing if either failed while running.
    pub(crate) async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(relay) = self.relay.take() {
            relay.stop().await.context("the relay failed")?;
        }
        if let Some(api) = self.api.take() {
            api.stop().await.context("the API failed")?;
        }
        Ok(())
    }
}
