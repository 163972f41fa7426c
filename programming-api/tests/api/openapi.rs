//! The served OpenAPI document against the real server: API.md's routes are all in it,
//! every operation in it is routed, and real answers - successes and errors alike - have
//! a status it lists and a body that validates against its schema.

use reqwest::{Method, Response, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{spawn_app, TestApp, ADMIN_PASSWORD, ADMIN_USERNAME};

/// API.md's learner, identity and operations endpoints.
const API_MD_ROUTES: [(&str, &str); 12] = [
    ("post", "/api/users"),
    ("post", "/api/admin/login"),
    ("get", "/api/assignments"),
    ("get", "/api/assignments/{id}"),
    ("post", "/api/assignments/{id}/submissions"),
    ("get", "/api/submissions/{id}"),
    ("get", "/api/me/submissions"),
    ("get", "/api/me/progress"),
    ("get", "/api/health"),
    ("get", "/api/ready"),
    ("get", "/api/openapi.json"),
    ("get", "/metrics"),
];

struct Document(Value);

impl Document {
    async fn fetch(app: &TestApp) -> Document {
        let response = app
            .client
            .get(app.url("/api/openapi.json"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let doc: Value = response.json().await.unwrap();
        assert_eq!(doc["openapi"], "3.1.0");
        Document(doc)
    }

    fn operations(&self) -> Vec<(String, String)> {
        let mut operations = Vec::new();
        for (path, item) in self.0["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                operations.push((method.clone(), path.clone()));
            }
        }
        operations
    }

    /// Asserts that `template` documents `status` for `method` and that `body` (JSON)
    /// validates against the schema it gives for that status.
    fn check(&self, method: &str, template: &str, status: StatusCode, body: &Value) {
        let operation = &self.0["paths"][template][method];
        assert!(
            operation.is_object(),
            "{method} {template} is not documented"
        );
        let status = status.as_u16().to_string();
        let response = &operation["responses"][&status];
        assert!(
            response.is_object(),
            "{method} {template} answered {status}, which the document does not list"
        );
        // The whole document is the schema's root, so `#/components/...` resolves.
        let pointer = format!(
            "#/paths/{}/{method}/responses/{status}/content/application~1json/schema",
            // A JSON pointer in a URI fragment: `~` and `/` escaped, braces percent-encoded.
            template
                .replace('~', "~0")
                .replace('/', "~1")
                .replace('{', "%7B")
                .replace('}', "%7D")
        );
        let mut schema = self.0.clone();
        schema["$ref"] = json!(pointer);
        let validator = jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
            .unwrap_or_else(|err| panic!("{method} {template} {status}: bad schema: {err}"));
        let errors: Vec<String> = validator
            .iter_errors(body)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{method} {template} {status}: {body} does not match the document: {errors:#?}"
        );
    }
}

/// Sends requests as one client and checks every answer against the document.
struct Client<'a> {
    app: &'a TestApp,
    doc: &'a Document,
    token: Option<String>,
}

impl Client<'_> {
    /// Sends `method path` (an instance of `template`), checks that the answer has
    /// `expected` status and matches the document; returns its body.
    async fn expect(
        &self,
        method: Method,
        (template, path): (&str, &str),
        body: Option<Value>,
        expected: StatusCode,
    ) -> Value {
        let mut request = self.app.client.request(method.clone(), self.app.url(path));
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response: Response = request.send().await.unwrap();
        let status = response.status();
        let body: Value = response.json().await.expect("a JSON answer");
        assert_eq!(status, expected, "{method} {path}: {body}");
        let method = method.as_str().to_lowercase();
        self.doc.check(&method, template, status, &body);
        body
    }
}

#[tokio::test]
async fn api_md_routes_are_documented_and_every_documented_operation_is_routed() {
    let app = spawn_app().await;
    let doc = Document::fetch(&app).await;
    let operations = doc.operations();
    for (method, path) in API_MD_ROUTES {
        assert!(
            operations.contains(&(method.to_owned(), path.to_owned())),
            "{method} {path} is missing from the document"
        );
    }
    // A route the router lacks would be answered by its fallback (404 `no such route`, or
    // 405 for a method it does not route).
    let (_, token) = app.new_learner().await;
    for (method, template) in &operations {
        let path = template
            .replace("{id}/", "1/")
            .replace(
                "submissions/{id}",
                &format!("submissions/{}", Uuid::new_v4()),
            )
            .replace("{id}", "1");
        let response = app
            .client
            .request(method.to_uppercase().parse().unwrap(), app.url(&path))
            .bearer_auth(&token)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert!(
            !text.contains("no such route"),
            "{method} {path} is documented but not routed: {status} {text}"
        );
    }
}

#[tokio::test]
async fn real_answers_validate_against_the_document() {
    let app = spawn_app().await;
    let doc = Document::fetch(&app).await;
    let (get, post) = (Method::GET, Method::POST);
    let same = |path| (path, path);
    let anonymous = Client {
        app: &app,
        doc: &doc,
        token: None,
    };

    let created = anonymous
        .expect(post.clone(), same("/api/users"), None, StatusCode::CREATED)
        .await;
    let learner = Client {
        token: created["token"].as_str().map(str::to_owned),
        ..anonymous
    };
    let anonymous = Client {
        app: &app,
        doc: &doc,
        token: None,
    };
    let login = same("/api/admin/login");
    let right = json!({ "username": ADMIN_USERNAME, "password": ADMIN_PASSWORD });
    let wrong = json!({ "username": ADMIN_USERNAME, "password": "nope" });
    anonymous
        .expect(post.clone(), login, Some(right), StatusCode::OK)
        .await;
    anonymous
        .expect(post.clone(), login, Some(wrong), StatusCode::UNAUTHORIZED)
        .await;

    let list = learner
        .expect(get.clone(), same("/api/assignments"), None, StatusCode::OK)
        .await;
    let first = list["assignments"][0]["id"].as_i64().unwrap();
    let detail = "/api/assignments/{id}";
    for (path, expected) in [
        (format!("/api/assignments/{first}"), StatusCode::OK),
        ("/api/assignments/0".to_owned(), StatusCode::NOT_FOUND),
        ("/api/assignments/x".to_owned(), StatusCode::BAD_REQUEST),
    ] {
        learner
            .expect(get.clone(), (detail, &path), None, expected)
            .await;
    }

    let submit = format!("/api/assignments/{first}/submissions");
    let submit = ("/api/assignments/{id}/submissions", submit.as_str());
    let code = json!({ "code": "def hello():\n    return 'Hello'\n" });
    let queued = learner
        .expect(
            post.clone(),
            submit,
            Some(code.clone()),
            StatusCode::ACCEPTED,
        )
        .await;
    learner
        .expect(post.clone(), submit, Some(code), StatusCode::CONFLICT)
        .await;
    let not_text = Some(json!({ "code": 1 }));
    learner
        .expect(
            post.clone(),
            submit,
            not_text,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    let code = Some(json!({ "code": "x" }));
    anonymous
        .expect(post, submit, code, StatusCode::UNAUTHORIZED)
        .await;

    // A graded submission has every field filled in.
    let id = queued["submission"]["id"].as_str().unwrap().to_owned();
    app.mark_passed(&id).await;
    let one = ("/api/submissions/{id}", &*format!("/api/submissions/{id}"));
    let graded = learner.expect(get.clone(), one, None, StatusCode::OK).await;
    assert_eq!(graded["submission"]["status"], "passed");
    let bad_id = ("/api/submissions/{id}", "/api/submissions/nope");
    learner
        .expect(get.clone(), bad_id, None, StatusCode::BAD_REQUEST)
        .await;

    let mine = "/api/me/submissions";
    let page = learner
        .expect(
            get.clone(),
            (mine, "/api/me/submissions?per_page=5"),
            None,
            StatusCode::OK,
        )
        .await;
    assert_eq!(page["total"], 1);
    learner
        .expect(
            get.clone(),
            (mine, "/api/me/submissions?page=0"),
            None,
            StatusCode::BAD_REQUEST,
        )
        .await;
    learner
        .expect(get.clone(), same("/api/me/progress"), None, StatusCode::OK)
        .await;
    anonymous
        .expect(
            get.clone(),
            same("/api/me/progress"),
            None,
            StatusCode::UNAUTHORIZED,
        )
        .await;
    anonymous
        .expect(get.clone(), same("/api/health"), None, StatusCode::OK)
        .await;
    anonymous
        .expect(get, same("/api/ready"), None, StatusCode::OK)
        .await;
}

#[tokio::test]
async fn an_answer_outside_the_document_is_caught() {
    // The checker itself: a body of the wrong shape and an unlisted status both fail.
    let app = spawn_app().await;
    let doc = Document::fetch(&app).await;
    let wrong_shape = std::panic::catch_unwind(|| {
        doc.check(
            "get",
            "/api/me/progress",
            StatusCode::OK,
            &json!({ "points": "many" }),
        )
    });
    assert!(wrong_shape.is_err());
    let unlisted = std::panic::catch_unwind(|| {
        doc.check("get", "/api/health", StatusCode::IM_A_TEAPOT, &json!({}))
    });
    assert!(unlisted.is_err());
    let bad_verdict = json!({ "submission": {
        "id": Uuid::nil(), "assignment_id": 1, "user_id": Uuid::nil(), "code": "", "status": "failed",
        "verdict": "bad_luck", "tests": [], "feedback": null, "created_at": "2026-01-01T00:00:00Z",
        "graded_at": null, "duration_ms": null } });
    let caught = std::panic::catch_unwind(|| {
        doc.check("get", "/api/submissions/{id}", StatusCode::OK, &bad_verdict)
    });
    assert!(caught.is_err());
}

#[tokio::test]
async fn shared_rules_hold_for_every_operation() {
    let app = spawn_app().await;
    let Document(doc) = Document::fetch(&app).await;
    let mut ids = std::collections::HashSet::new();
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            assert!(
                ids.insert(operation["operationId"].as_str().unwrap().to_owned()),
                "{method} {path}: operation id repeats"
            );
            let responses = operation["responses"].as_object().unwrap();
            assert!(responses.contains_key("503"), "{method} {path}");
            for (status, response) in responses {
                if status.starts_with('4') || status.starts_with('5') {
                    let schema = &response["content"]["application/json"]["schema"]["$ref"];
                    assert_eq!(
                        schema, "#/components/schemas/Error",
                        "{method} {path} {status}"
                    );
                }
            }
            if operation.get("requestBody").is_some() {
                for status in ["400", "413", "415", "422"] {
                    assert!(responses.contains_key(status), "{method} {path} {status}");
                }
            }
            if operation["security"] != json!([]) {
                assert!(responses.contains_key("401"), "{method} {path}");
            }
        }
    }
    let login = &doc["paths"]["/api/admin/login"]["post"]["responses"];
    assert_eq!(login["429"]["headers"]["Retry-After"]["required"], true);

    // Request bodies refuse NUL, and integers are bounded as the server parses them.
    let nul_free = "^[^\\u0000]*$";
    let submit = &doc["components"]["schemas"]["SubmitRequest"];
    assert_eq!(submit["properties"]["code"]["pattern"], nul_free);
    assert_eq!(submit["propertyNames"]["pattern"], nul_free);
    let list = &doc["paths"]["/api/me/submissions"]["get"];
    let page = list["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "page")
        .unwrap();
    assert_eq!(page["schema"]["anyOf"][0]["minimum"], 1);
    assert_eq!(page["schema"]["anyOf"][0]["maximum"], 1_000_000);
    assert_eq!(page["schema"]["anyOf"][1]["const"], "");
    let detail = &doc["paths"]["/api/assignments/{id}"]["get"]["parameters"][0];
    assert_eq!(detail["schema"]["maximum"], json!(i64::MAX));
}
