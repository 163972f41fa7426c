//! The editor bundle on a bare page: real typing, Python indentation, Mod-Enter.

use axum::http::header;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::Value;

use crate::harness::{browser_on, site_root};

/// The bundle as the UI ships it, or straight from the editor package's build.
fn bundle() -> Vec<u8> {
    let candidates = [
        site_root().join("editor.js"),
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../programming-ui/editor/dist/editor.js"
        )
        .into(),
    ];
    candidates
        .iter()
        .find_map(|path| std::fs::read(path).ok())
        .expect("no editor bundle: run `programming-ui/build.sh` (or npm run build in programming-ui/editor)")
}

const PAGE: &str = r#"<!doctype html><html><head><title>editor</title></head><body>
<div id="editor" data-testid="editor"><textarea>print("starter")</textarea></div>
<button id="after">after</button>
<script src="/editor.js"></script>
<script>
  window.submits = 0; window.changes = 0;
  const el = document.getElementById('editor');
  window.cpEditor.mount(el, {
    doc: el.querySelector('textarea').value,
    onSubmit: () => { window.submits += 1; },
    onChange: () => { window.changes += 1; },
  });
</script></body></html>"#;

#[tokio::test]
async fn the_editor_bundle_types_python_and_submits_with_mod_enter() {
    let bundle = bundle();
    let app = axum::Router::new()
        .route("/", get(|| async { Html(PAGE) }))
        .route(
            "/editor.js",
            get(move || async move {
                ([(header::CONTENT_TYPE, "text/javascript")], bundle).into_response()
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });

    browser_on(&base, "editor_bundle", (1280, 900), |page| async move {
        page.client.goto(&page.url("/")).await.unwrap();
        let size = page.js("return [innerWidth, innerHeight]", vec![]).await;
        assert_eq!(size, serde_json::json!([1280, 900]), "viewport size");
        let content = page
            .client
            .wait()
            .for_element(Locator::Css(r#"[data-testid="editor"] .cm-content"#))
            .await
            .expect("CodeMirror mounted");
        assert_eq!(
            content.attr("aria-label").await.unwrap().as_deref(),
            Some("Code editor")
        );
        assert!(page
            .client
            .find(Locator::Css(".cm-lineNumbers"))
            .await
            .is_ok());
        let textarea = page.client.find(Locator::Css("textarea")).await.unwrap();
        assert!(
            !textarea.is_displayed().await.unwrap(),
            "the SSR textarea stays hidden"
        );
        assert_eq!(page.editor_value().await, "print(\"starter\")");

        content.click().await.unwrap();
        content.send_keys(&(Key::Control + "a")).await.unwrap();
        // Brackets and quotes close themselves and are typed over; Enter after the
        // colon indents by four spaces.
        let typed = format!("def hello():{}return \"Hello\"", Key::Enter);
        content.send_keys(&typed).await.unwrap();
        assert_eq!(page.editor_value().await, crate::HELLO.trim_end());
        page.screenshot("typed").await;
        let highlighted = page
            .js(
                "return document.querySelectorAll('.cm-line span').length",
                vec![],
            )
            .await;
        assert!(
            highlighted.as_u64().unwrap() >= 3,
            "Python is highlighted: {highlighted}"
        );

        content
            .send_keys(&(Key::Control + &Key::Enter))
            .await
            .unwrap();
        let counts = page
            .js("return [window.submits, window.changes]", vec![])
            .await;
        assert_eq!(counts[0], Value::from(1), "Mod-Enter calls onSubmit once");
        assert!(
            counts[1].as_u64().unwrap() > 0,
            "onChange is called on edits"
        );
        assert_eq!(
            page.editor_value().await,
            crate::HELLO.trim_end(),
            "Mod-Enter inserts nothing"
        );

        // Tab indents the line; Escape then Tab leaves the editor (the escape hatch).
        content.send_keys(&Key::Tab.to_string()).await.unwrap();
        assert_eq!(
            page.editor_value().await,
            "def hello():\n        return \"Hello\""
        );
        content.send_keys(&(Key::Shift + &Key::Tab)).await.unwrap();
        assert_eq!(page.editor_value().await, crate::HELLO.trim_end());
        content.send_keys(&(Key::Escape + &Key::Tab)).await.unwrap();
        let focused = page.js("return document.activeElement.id", vec![]).await;
        assert_eq!(focused, "after", "Escape then Tab moves the focus on");

        page.set_editor("x = 1\n").await;
        assert_eq!(page.editor_value().await, "x = 1\n");
        assert_eq!(
            textarea.prop("value").await.unwrap().as_deref(),
            Some("x = 1\n")
        );
        page.screenshot("set-value").await;
    })
    .await;
}
