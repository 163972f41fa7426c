//! A learner's API client through the edge, for the flows that are not the load.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

pub(crate) const HELLO: &str = "def hello():\n    return \"Hello\"\n";
/// The references of the first C++ and JavaScript assignments, by language.
pub(crate) const HELLO_IN: [(&str, &str); 2] = [
    (
        "cpp",
        "#include <iostream>\n\nint main() {\n    std::cout << \"Hello\\n\";\n}\n",
    ),
    ("javascript", "console.log(\"Hello\");\n"),
];

pub(crate) struct Api {
    client: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    /// A new learner (`POST /api/users`).
    pub(crate) async fn learner(base: &str) -> Result<Api, String> {
        let mut api = Api {
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .map_err(|err| err.to_string())?,
            base: base.to_owned(),
            token: String::new(),
        };
        let user = api.expect("POST", "/api/users", None, 201).await?;
        api.token = user["token"].as_str().ok_or("no token")?.to_owned();
        Ok(api)
    }

    /// `METHOD path` once with this learner's token; the body when the status is
    /// `expected`, else what went wrong.
    pub(crate) async fn expect(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        expected: u16,
    ) -> Result<Value, String> {
        let method = reqwest::Method::from_bytes(method.as_bytes()).map_err(|e| e.to_string())?;
        let mut request = self
            .client
            .request(method.clone(), format!("{}{path}", self.base));
        if !self.token.is_empty() {
            request = request.bearer_auth(&self.token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request
            .send()
            .await
            .map_err(|err| format!("{method} {path}: {err}"))?;
        let status = response.status().as_u16();
        let text = response
            .text()
            .await
            .map_err(|err| format!("{method} {path}: {status}, then the body broke: {err}"))?;
        if status != expected {
            return Err(format!("{method} {path}: {status} {text}"));
        }
        serde_json::from_str(&text)
            .map_err(|err| format!("{method} {path}: {status} with a body that is not JSON: {err}"))
    }

    /// This learner's WebSocket URL.
    pub(crate) fn socket_url(&self) -> String {
        let ws = self.base.replacen("http", "ws", 1);
        format!("{ws}/ws?token={}", self.token)
    }

    /// The id of the catalog's first assignment ("Hello").
    pub(crate) async fn hello_id(&self) -> Result<i64, String> {
        let list = self.expect("GET", "/api/assignments", None, 200).await?;
        list["assignments"][0]["id"]
            .as_i64()
            .ok_or_else(|| format!("no assignments: {list}"))
    }

    /// Submits Python `code` (made unique, so no earlier verdict is reused); the new id.
    pub(crate) async fn submit(&self, assignment: i64, code: &str) -> Result<String, String> {
        self.submit_exact(assignment, &format!("{code}# {}\n", uuid::Uuid::new_v4()))
            .await
    }

    /// Submits `code` as it is; the new id.
    pub(crate) async fn submit_exact(&self, assignment: i64, code: &str) -> Result<String, String> {
        let path = format!("/api/assignments/{assignment}/submissions");
        let created = self
            .expect("POST", &path, Some(json!({ "code": code })), 202)
            .await?;
        Ok(created["submission"]["id"]
            .as_str()
            .ok_or("no id")?
            .to_owned())
    }

    /// The final status of submission `id`, read over REST (a minute at most).
    pub(crate) async fn final_status(&self, id: &str) -> Result<String, String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        let path = format!("/api/submissions/{id}");
        while Instant::now() < deadline {
            let read = self.expect("GET", &path, None, 200).await?;
            let status = read["submission"]["status"].as_str().unwrap_or_default();
            if ["passed", "failed", "error"].contains(&status) {
                return Ok(status.to_owned());
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        Err(format!("{id} was not graded within a minute"))
    }
}
