//! The listening client: one admin WebSocket that receives every learner's events and
//! reconnects whenever the relay (or Redis behind it) goes away, recording each
//! submission frame it gets.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::StreamExt;
use serde_json::{json, Value};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_tungstenite::tungstenite::Message;

use crate::services::{ADMIN_PASSWORD, ADMIN_USERNAME};

/// Submission frames by submission id, in arrival order.
pub(crate) type Events = Arc<Mutex<HashMap<String, Vec<Value>>>>;

pub(crate) struct Listener {
    pub(crate) events: Events,
    pub(crate) connections: Arc<Mutex<usize>>,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

/// Logs in as the admin the API was configured with; retries while the API is down.
async fn admin_token(api_base: &str) -> String {
    let client = reqwest::Client::new();
    loop {
        let response = client
            .post(format!("{api_base}/api/admin/login"))
            .json(&json!({ "username": ADMIN_USERNAME, "password": ADMIN_PASSWORD }))
            .send()
            .await;
        if let Ok(response) = response {
            if response.status().is_success() {
                let body: Value = response.json().await.expect("login body");
                return body["token"].as_str().expect("login token").to_owned();
            }
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

impl Listener {
    pub(crate) async fn start(api_base: &str, ws_url: String) -> Listener {
        let token = admin_token(api_base).await;
        let url = format!("{ws_url}?token={token}");
        let events: Events = Arc::default();
        let connections = Arc::new(Mutex::new(0));
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(listen(url, events.clone(), connections.clone(), stopped));
        Listener {
            events,
            connections,
            stop,
            task,
        }
    }

    /// Stops listening; returns the events received and how many connections it took.
    pub(crate) async fn stop(self) -> (Events, usize) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
        let connections = *self.connections.lock().expect("not poisoned");
        (self.events, connections)
    }
}

async fn listen(
    url: String,
    events: Events,
    connections: Arc<Mutex<usize>>,
    mut stopped: watch::Receiver<bool>,
) {
    while !*stopped.borrow() {
        let mut socket = match tokio_tungstenite::connect_async(url.as_str()).await {
            Ok((socket, _)) => socket,
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        *connections.lock().expect("not poisoned") += 1;
        loop {
            let frame = tokio::select! {
                frame = socket.next() => frame,
                _ = stopped.changed() => return,
            };
            match frame {
                Some(Ok(Message::Text(text))) => {
                    let frame: Value = serde_json::from_str(&text).expect("frames are JSON");
                    if frame["type"] == "submission" {
                        let id = frame["submission"]["id"]
                            .as_str()
                            .expect("an id")
                            .to_owned();
                        events
                            .lock()
                            .expect("not poisoned")
                            .entry(id)
                            .or_default()
                            .push(frame["submission"].clone());
                    }
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => break,
            }
        }
    }
}
