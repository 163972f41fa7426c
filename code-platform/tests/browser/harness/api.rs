//! The platform's API as scripts use it, with one session (a learner's or the admin's):
//! what tests set up without the browser.

use reqwest::Method;
use serde_json::{json, Value};

use super::page::FINAL;
use super::platform::{TestPlatform, ADMIN_PASSWORD, ADMIN_USERNAME};

/// A client of the platform's API with one session (a learner's or the admin's).
pub(crate) struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    pub(crate) async fn learner(platform: &TestPlatform) -> Api {
        let http = reqwest::Client::new();
        let created: Value = http
            .post(platform.url("/api/users"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = created["token"]
            .as_str()
            .expect("a learner's token")
            .to_owned();
        Api {
            http,
            base: platform.base.clone(),
            token,
        }
    }

    pub(crate) async fn admin(platform: &TestPlatform) -> Api {
        let http = reqwest::Client::new();
        let body = json!({ "username": ADMIN_USERNAME, "password": ADMIN_PASSWORD });
        let answer: Value = http
            .post(platform.url("/api/admin/login"))
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = answer["token"]
            .as_str()
            .expect("the admin's token")
            .to_owned();
        Api {
            http,
            base: platform.base.clone(),
            token,
        }
    }

    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// The id of the learner-visible assignment called `title`.
    pub(crate) async fn assignment(&self, title: &str) -> i64 {
        let (_, list) = self.send(Method::GET, "/api/assignments", None).await;
        list["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == title)
            .and_then(|a| a["id"].as_i64())
            .unwrap_or_else(|| panic!("no assignment {title}: {list}"))
    }

    /// Submits `code`; returns the submission's id.
    pub(crate) async fn submit(&self, assignment: i64, code: &str) -> String {
        let path = format!("/api/assignments/{assignment}/submissions");
        let (status, answer) = self
            .send(Method::POST, &path, Some(json!({ "code": code })))
            .await;
        assert!(status == 201 || status == 202, "{status} {answer}");
        answer["submission"]["id"].as_str().unwrap().to_owned()
    }

    /// Waits for the submission's final status (as its learner reads it).
    pub(crate) async fn final_status(&self, id: &str) -> String {
        for _ in 0..300 {
            let (_, answer) = self
                .send(Method::GET, &format!("/api/submissions/{id}"), None)
                .await;
            let status = answer["submission"]["status"].as_str().unwrap_or_default();
            if FINAL.contains(&status) {
                return status.to_owned();
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("submission {id} was not graded within 30 s");
    }
}
