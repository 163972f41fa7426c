//! The learner UI as served by the all-in-one process: identity on first visit, the
//! server-rendered assignment page, and the static files the browser loads.

use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use reqwest::redirect::Policy;

use crate::helpers::{site_root, spawn_platform};

#[tokio::test]
async fn first_visit_gets_a_session_and_lands_on_the_first_assignment() {
    let platform = spawn_platform().await;
    let client = reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap();

    let root = client.get(platform.url("/")).send().await.unwrap();
    assert_eq!(root.status(), 302);
    let location = root.headers()[LOCATION].to_str().unwrap().to_owned();
    let set_cookie = root.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    assert!(set_cookie.starts_with("cp_session="), "{set_cookie}");
    assert!(set_cookie.contains("HttpOnly"), "{set_cookie}");
    let cookie = set_cookie.split(';').next().unwrap().to_owned();

    // The session the UI created is a real one: the API knows it.
    let progress: serde_json::Value = client
        .get(platform.url("/api/me/progress"))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let first = progress["next_assignment_id"].as_i64().unwrap();
    assert_eq!(location, format!("/assignments/{first}"));

    let page = client
        .get(platform.url(&location))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    // An existing session is kept: no second cookie.
    assert!(page.headers().get(SET_COOKIE).is_none());
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"data-testid="assignment-title""#), "{html}");
    assert!(html.contains(">Hello</h1>"), "{html}");
    assert!(html.contains(r#"data-testid="handout""#), "{html}");
    // The handout's Markdown arrives rendered.
    assert!(html.contains("<strong>returns</strong>"), "{html}");
    assert!(
        html.contains("def hello"),
        "the starter code is in the editor: {html}"
    );
    assert!(html.contains(r#"data-testid="points""#), "{html}");
    assert!(html.contains(r#"data-completed="false""#), "{html}");
    assert!(html.contains("/pkg/programming_ui"), "{html}");

    // A page visited without any cookie still renders, with a new session.
    let fresh = client.get(platform.url(&location)).send().await.unwrap();
    assert_eq!(fresh.status(), 200);
    assert!(fresh.headers().get(SET_COOKIE).is_some());
}

#[tokio::test]
async fn unknown_pages_and_assignments_get_the_friendly_404() {
    let platform = spawn_platform().await;
    let client = reqwest::Client::new();
    for path in ["/no/such/page", "/assignments/987654"] {
        let response = client.get(platform.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        let html = response.text().await.unwrap();
        assert!(html.contains("Page not found"), "{path}: {html}");
    }
    // The API keeps answering its own unknown paths in its own format.
    let api = client.get(platform.url("/api/nope")).send().await.unwrap();
    assert_eq!(api.status(), 404);
    let body: serde_json::Value = api.json().await.unwrap();
    assert!(body["error"]["code"].is_string(), "{body}");
}

#[tokio::test]
async fn the_browser_side_files_are_served() {
    assert!(
        site_root().join("pkg/programming_ui_bg.wasm").exists(),
        "target/site is not built: run programming-ui/build.sh (./platform test does)"
    );
    let platform = spawn_platform().await;
    let client = reqwest::Client::new();
    for (path, kind) in [
        ("/pkg/programming_ui_bg.wasm", "application/wasm"),
        ("/pkg/programming_ui.js", "javascript"),
        ("/editor.js", "javascript"),
        ("/style.css", "text/css"),
    ] {
        let response = client.get(platform.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(content_type.contains(kind), "{path}: {content_type}");
        assert!(response.headers().contains_key("cache-control"), "{path}");
        assert!(!response.bytes().await.unwrap().is_empty(), "{path}");
    }
}
