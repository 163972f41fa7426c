//! Reading and driving the learner UI through its data-testid contract.

use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::{json, Value};

/// Statuses after which a submission changes no more.
pub(crate) const FINAL: [&str; 3] = ["passed", "failed", "error"];

/// The browser on the platform under test, with a numbered screenshot folder.
#[derive(Clone)]
pub(crate) struct Page {
    pub(crate) client: Client,
    base: String,
    shots: PathBuf,
    shot_count: Arc<AtomicUsize>,
}

impl Page {
    pub(super) fn new(client: Client, base: String, test: &str) -> Page {
        let shots = PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../target/screenshots"
        ))
        .join(test);
        let _ = std::fs::remove_dir_all(&shots);
        std::fs::create_dir_all(&shots).expect("creating the screenshot folder");
        let shots = shots.canonicalize().expect("the screenshot folder exists");
        println!("screenshots of {test}: {}", shots.display());
        Page {
            client,
            base,
            shots,
            shot_count: Arc::new(AtomicUsize::new(0)),
        }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Navigates to `path` and waits until the app has hydrated.
    pub(crate) async fn open(&self, path: &str) {
        self.client.goto(&self.url(path)).await.expect("navigating");
        self.wait_hydrated().await;
    }

    pub(crate) async fn wait_hydrated(&self) {
        self.client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css(r#"body[data-hydrated="true"]"#))
            .await
            .expect("the page did not hydrate within 30 s (body[data-hydrated=true])");
    }

    /// The path of the current URL, e.g. `/assignments/2`.
    pub(crate) async fn path(&self) -> String {
        self.client
            .current_url()
            .await
            .expect("current URL")
            .path()
            .to_owned()
    }

    pub(crate) async fn find(&self, testid: &str) -> Element {
        self.client
            .find(Locator::Css(&format!(r#"[data-testid="{testid}"]"#)))
            .await
            .unwrap_or_else(|err| panic!("no [data-testid={testid}]: {err}"))
    }

    pub(crate) async fn find_all(&self, testid: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(&format!(r#"[data-testid="{testid}"]"#)))
            .await
            .expect("finding elements")
    }

    /// Waits (up to `secs`) for a visible `[data-testid=testid]`.
    pub(crate) async fn wait_visible(&self, testid: &str, secs: u64) -> Element {
        let css = format!(r#"[data-testid="{testid}"]"#);
        let found = self
            .wait_until(&format!("{testid} visible"), secs, || async {
                match self.client.find(Locator::Css(&css)).await {
                    Ok(element) if element.is_displayed().await.unwrap_or(false) => Some(element),
                    _ => None,
                }
            })
            .await;
        found
    }

    /// Scrolls `[data-testid=testid]` to the middle of the viewport (clear of the sticky
    /// header).
    pub(crate) async fn scroll_to(&self, testid: &str) {
        self.js(
            r#"document.querySelector(`[data-testid="${arguments[0]}"]`).scrollIntoView({ block: "center" });"#,
            vec![json!(testid)],
        )
        .await;
    }

    pub(crate) async fn text(&self, testid: &str) -> String {
        self.find(testid).await.text().await.expect("element text")
    }

    /// Polls `probe` every 100 ms until it yields a value; panics after `secs`.
    pub(crate) async fn wait_until<T, F, Fut>(&self, what: &str, secs: u64, mut probe: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Option<T>>,
    {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(value) = probe().await {
                return value;
            }
            if Instant::now() > deadline {
                self.screenshot("timeout").await;
                panic!("timed out after {secs} s waiting for {what}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs `script` (a function body; arguments in `arguments`) in the page.
    pub(crate) async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|err| panic!("script failed: {err}\n{script}"))
    }

    /// Saves a PNG of the viewport as `NN-name.png` and prints its path.
    pub(crate) async fn screenshot(&self, name: &str) -> PathBuf {
        let number = self.shot_count.fetch_add(1, Ordering::SeqCst) + 1;
        let path = self.shots.join(format!("{number:02}-{name}.png"));
        let png = self.client.screenshot().await.expect("taking a screenshot");
        std::fs::write(&path, png).expect("writing the screenshot");
        println!("screenshot: {}", path.display());
        path
    }

    /// The learner's editor's text (see [`Page::code_of`]).
    pub(crate) async fn editor_value(&self) -> String {
        self.code_of("editor").await
    }

    /// Replaces the learner's editor's text (see [`Page::set_code`]).
    pub(crate) async fn set_editor(&self, code: &str) {
        self.set_code("editor", code).await;
    }

    /// The text of the code editor `[data-testid=testid]`, read from the CodeMirror
    /// handle the bundle keeps on the editor element (or the fallback textarea when the
    /// bundle did not mount).
    pub(crate) async fn code_of(&self, testid: &str) -> String {
        let value = self
            .js(
                r#"const el = document.querySelector(`[data-testid="${arguments[0]}"]`);
                   if (el.cpEditor) return el.cpEditor.getValue();
                   return el.querySelector('textarea').value;"#,
                vec![json!(testid)],
            )
            .await;
        value.as_str().expect("editor text is a string").to_owned()
    }

    /// Replaces the text of the code editor `[data-testid=testid]` through the bundle's
    /// API (not by typing).
    pub(crate) async fn set_code(&self, testid: &str, code: &str) {
        self.js(
            r#"const el = document.querySelector(`[data-testid="${arguments[0]}"]`);
               if (!el.cpEditor) throw new Error('the editor bundle did not mount CodeMirror');
               el.cpEditor.setValue(arguments[1]);"#,
            vec![json!(testid), json!(code)],
        )
        .await;
    }

    /// Types `text` into the empty input `[data-testid=testid]`, as a person would.
    pub(crate) async fn type_into(&self, testid: &str, text: &str) {
        let input = self.find(testid).await;
        input.clear().await.expect("clearing the input");
        input.send_keys(text).await.expect("typing");
    }

    /// Clicks `[data-testid=testid]` once it is in the middle of the viewport.
    pub(crate) async fn click(&self, testid: &str) {
        self.scroll_to(testid).await;
        self.find(testid)
            .await
            .click()
            .await
            .unwrap_or_else(|err| panic!("clicking [data-testid={testid}]: {err}"));
    }

    /// Starts recording every value `data-status` takes on `[data-testid=status]`,
    /// and marks the document so a reload can be detected afterwards.
    pub(crate) async fn record_statuses(&self) {
        self.js(
            r#"window.__cpStatuses = []; window.__cpNoReload = true;
               const note = () => {
                 const el = document.querySelector('[data-testid="status"]');
                 const s = el && el.getAttribute('data-status');
                 const seen = window.__cpStatuses;
                 if (s && seen[seen.length - 1] !== s) seen.push(s);
               };
               note();
               new MutationObserver(note).observe(document.body,
                 { subtree: true, childList: true, attributes: true,
                   attributeFilter: ['data-status'] });"#,
            vec![],
        )
        .await;
    }

    /// The statuses recorded since `record_statuses`, and whether the page was not
    /// reloaded meanwhile.
    pub(crate) async fn recorded_statuses(&self) -> (Vec<String>, bool) {
        let value = self
            .js(
                "return [window.__cpStatuses || [], window.__cpNoReload === true];",
                vec![],
            )
            .await;
        let statuses = value[0]
            .as_array()
            .expect("an array")
            .iter()
            .map(|s| s.as_str().unwrap_or_default().to_owned())
            .collect();
        (statuses, value[1] == json!(true))
    }

    /// Waits for the shown submission status to be final and returns it.
    pub(crate) async fn wait_final_status(&self, secs: u64) -> String {
        self.wait_until("a final submission status", secs, || async {
            let element = self
                .client
                .find(Locator::Css(r#"[data-testid="status"]"#))
                .await
                .ok()?;
            let status = element.attr("data-status").await.ok()??;
            FINAL.contains(&status.as_str()).then_some(status)
        })
        .await
    }
}
