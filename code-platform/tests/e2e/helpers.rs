//! Learners and WebSocket clients of the platform under test (`../common/platform.rs`).

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

#[path = "../common/platform.rs"]
mod platform;

pub(crate) use platform::{site_root, TestPlatform, ADMIN_PASSWORD, ADMIN_USERNAME};

pub(crate) async fn spawn_platform() -> TestPlatform {
    TestPlatform::spawn(4).await
}

impl TestPlatform {
    pub(crate) async fn learner(&self) -> Learner {
        let client = reqwest::Client::new();
        let response = client.post(self.url("/api/users")).send().await.unwrap();
        assert_eq!(response.status(), 201);
        let body: Value = response.json().await.unwrap();
        Learner {
            client,
            base: self.base.clone(),
            ws_base: self.ws_url(""),
            token: body["token"].as_str().unwrap().to_owned(),
            id: body["user"]["id"].as_str().unwrap().to_owned(),
        }
    }

    /// The admin, signed in: a client like a learner's, with the admin's token.
    pub(crate) async fn admin(&self) -> Learner {
        let client = reqwest::Client::new();
        let response = client
            .post(self.url("/api/admin/login"))
            .json(&json!({ "username": ADMIN_USERNAME, "password": ADMIN_PASSWORD }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        Learner {
            client,
            base: self.base.clone(),
            ws_base: self.ws_url(""),
            token: body["token"].as_str().unwrap().to_owned(),
            id: String::new(),
        }
    }

    /// The id of the catalog assignment at `position` (1 = "Hello").
    pub(crate) async fn assignment_id(&self, learner: &Learner, position: i64) -> i64 {
        let list = learner.get("/api/assignments").await.1;
        list["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["order"] == position)
            .unwrap_or_else(|| panic!("no assignment at position {position}"))["id"]
            .as_i64()
            .unwrap()
    }
}

pub(crate) struct Learner {
    client: reqwest::Client,
    base: String,
    ws_base: String,
    pub(crate) token: String,
    pub(crate) id: String,
}

pub(crate) type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

impl Learner {
    /// Any request with an optional JSON body; an empty answer reads as `null`.
    pub(crate) async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// A raw body of `content_type`; the answer's status, headers and bytes.
    pub(crate) async fn send_bytes(
        &self,
        method: reqwest::Method,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
        let response = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        (status, headers, response.bytes().await.unwrap().to_vec())
    }

    pub(crate) async fn get(&self, path: &str) -> (u16, Value) {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    pub(crate) async fn submit(&self, assignment_id: i64, code: &str) -> (u16, Value) {
        let response = self
            .client
            .post(format!(
                "{}/api/assignments/{assignment_id}/submissions",
                self.base
            ))
            .bearer_auth(&self.token)
            .json(&json!({ "code": code }))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap())
    }

    pub(crate) async fn connect(&self) -> Socket {
        let url = format!("{}/ws?token={}", self.ws_base, self.token);
        let (mut socket, _) = tokio_tungstenite::connect_async(url).await.unwrap();
        // A ping round trip proves the relay registered this socket before we submit.
        socket
            .send(Message::text(r#"{"type":"ping"}"#))
            .await
            .unwrap();
        let pong = next_json(&mut socket).await;
        assert_eq!(pong["type"], "pong");
        socket
    }
}

/// The next text frame as JSON; panics after 30 s.
pub(crate) async fn next_json(socket: &mut Socket) -> Value {
    loop {
        let frame = tokio::time::timeout(Duration::from_secs(30), socket.next())
            .await
            .expect("no frame within 30 s")
            .expect("socket closed")
            .expect("socket error");
        if let Message::Text(text) = frame {
            return serde_json::from_str(&text).unwrap();
        }
    }
}

/// Statuses of the frames for `submission_id`, up to and including its final one.
pub(crate) async fn statuses_until_final(
    socket: &mut Socket,
    submission_id: &str,
) -> (Vec<String>, Value) {
    let mut seen = Vec::new();
    loop {
        let frame = next_json(socket).await;
        if frame["type"] != "submission" || frame["submission"]["id"] != submission_id {
            continue;
        }
        let status = frame["submission"]["status"].as_str().unwrap().to_owned();
        seen.push(status.clone());
        if ["passed", "failed", "error"].contains(&status.as_str()) {
            return (seen, frame["submission"].clone());
        }
    }
}
