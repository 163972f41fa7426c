//! What a teacher does in the authoring pages: sign in (a wrong password is refused),
//! write an assignment with two tests; see a failing reference refused with its per-test
//! feedback and the edits kept; save and publish; move it in the list; hide a test from
//! learners and try code against the unsaved draft; and what a learner then sees.

use fantoccini::Locator;
use serde_json::json;

use crate::harness::{browser_test, Page, ADMIN_PASSWORD, ADMIN_USERNAME};

const LAPTOP: (u32, u32) = (1280, 900);

const TESTS: &str = "import unittest

from solution import double


class DoubleTest(unittest.TestCase):
    def test_two(self):
        self.assertEqual(double(2), 4)

    def test_negative(self):
        self.assertEqual(double(-3), -6)
";
const REFERENCE: &str = "def double(x):\n    return 2 * x\n";
/// Fails both tests: `5 != 4` and `-5 != -6`.
const WRONG: &str = "def double(x):\n    return x + x + 1\n";
/// Passes `test_two` only.
const HALF_RIGHT: &str = "def double(x):\n    return abs(2 * x)\n";

/// Signs in through the form (the assignment list follows).
pub(crate) async fn sign_in(page: &Page, password: &str) {
    page.open("/admin/login").await;
    page.type_into("login-username", ADMIN_USERNAME).await;
    page.type_into("login-password", password).await;
    page.click("login-submit").await;
}

/// Waits until the browser is at `path` and the page there has hydrated.
pub(crate) async fn wait_path(page: &Page, path: &str) {
    page.wait_until(&format!("the page {path}"), 20, || async {
        (page.path().await == path).then_some(())
    })
    .await;
    page.wait_hydrated().await;
}

/// Whether the page asks the browser to confirm leaving it: a `beforeunload` event it
/// cancels. (Chromium under WebDriver leaves without showing the question.)
async fn asks_before_leaving(page: &Page) -> serde_json::Value {
    page.js(
        "const leaving = new Event('beforeunload', { cancelable: true });
         window.dispatchEvent(leaving);
         return leaving.defaultPrevented;",
        vec![],
    )
    .await
}

/// `(name, passed, text)` of every test shown in `[data-testid=within]`.
async fn check_tests(page: &Page, within: &str) -> Vec<(String, bool, String)> {
    let css = format!(r#"[data-testid="{within}"] [data-testid="check-test"]"#);
    let mut tests = Vec::new();
    for element in page.client.find_all(Locator::Css(&css)).await.unwrap() {
        let name = element.attr("data-name").await.unwrap().unwrap_or_default();
        let passed = element.attr("data-passed").await.unwrap().as_deref() == Some("true");
        tests.push((name, passed, element.text().await.unwrap()));
    }
    tests
}

/// The assignment list's rows as `(id, title, state)`, in the order shown.
async fn rows(page: &Page) -> Vec<(String, String, String)> {
    let mut rows = Vec::new();
    for row in page.find_all("admin-row").await {
        let id = row.attr("data-id").await.unwrap().unwrap_or_default();
        let state = row.attr("data-state").await.unwrap().unwrap_or_default();
        let title = row
            .find(Locator::Css(r#"[data-testid="edit-link"]"#))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        rows.push((id, title, state));
    }
    rows
}

#[tokio::test]
async fn only_a_signed_in_admin_reaches_the_authoring_pages() {
    browser_test("admin_sign_in", LAPTOP, |page| async move {
        // Without a session, and with a learner's, the admin pages send to the sign-in.
        page.open("/admin").await;
        assert_eq!(page.path().await, "/admin/login");
        page.open("/").await;
        page.open("/admin/assignments/1").await;
        assert_eq!(page.path().await, "/admin/login");

        sign_in(&page, "not the password").await;
        let error = page.wait_visible("login-error", 20).await;
        let message = error.text().await.unwrap();
        page.screenshot("wrong-password").await;
        assert!(!message.trim().is_empty(), "an error is shown");
        assert_eq!(page.path().await, "/admin/login");

        sign_in(&page, ADMIN_PASSWORD).await;
        wait_path(&page, "/admin").await;
        let listed = rows(&page).await;
        assert!(
            listed.iter().any(|(_, title, _)| title == "Hello"),
            "the catalog is listed: {listed:?}"
        );
        page.screenshot("list").await;
    })
    .await;
}

#[tokio::test]
async fn a_teacher_writes_saves_publishes_and_moves_an_assignment() {
    browser_test("authoring", LAPTOP, |page| async move {
        sign_in(&page, ADMIN_PASSWORD).await;
        wait_path(&page, "/admin").await;
        let before = rows(&page).await;
        // The course can be downloaded as folders with the teacher's session.
        let export = page.find("export").await.prop("href").await.unwrap();
        let export = export.unwrap_or_default();
        let archive = page
            .js(
                "return fetch(arguments[0]).then(r => [r.status, r.headers.get('content-type')]);",
                vec![json!(export)],
            )
            .await;
        assert_eq!(archive, json!([200, "application/gzip"]), "{export}");
        page.click("new-assignment").await;
        wait_path(&page, "/admin/assignments/new").await;

        page.type_into("title", "Double it").await;
        page.type_into("points", "10").await;
        page.type_into(
            "handout-input",
            "# Double it\n\nReturn twice `x`. [Run me](javascript:alert(1))",
        )
        .await;
        // The live preview renders the Markdown, with the unsafe link pointing nowhere.
        let preview = page
            .wait_until("the preview", 10, || async {
                let html = page.find("handout-preview").await.html(true).await.ok()?;
                html.contains("<code>x</code>").then_some(html)
            })
            .await;
        // As on the learner's page: the title on top, a first heading repeating it left out.
        assert!(preview.contains("<h1>Double it</h1>"), "{preview}");
        assert_eq!(preview.matches("Double it").count(), 1, "{preview}");
        assert!(preview.contains("10 points"), "{preview}");
        assert!(preview.contains("href=\"#\""), "{preview}");
        assert!(!preview.contains("javascript:"), "{preview}");

        page.set_code("starter-editor", "def double(x):\n    pass\n")
            .await;
        page.set_code("tests-editor", TESTS).await;
        page.set_code("reference-editor", WRONG).await;
        // The learner's editor, named after its field for screen readers.
        let named = page
            .js(
                r#"return document.querySelector('[data-testid="tests-editor"] .cm-content')
                     .getAttribute('aria-label');"#,
                vec![],
            )
            .await;
        assert_eq!(named, json!("Tests"));
        page.screenshot("filled").await;

        // A failing reference is refused with each test's result; the edits stay.
        page.click("save").await;
        page.wait_visible("save-error", 30).await;
        page.scroll_to("save-error").await;
        page.screenshot("refused").await;
        let refused = check_tests(&page, "reference-check").await;
        assert_eq!(refused.len(), 2, "{refused:?}");
        for (name, passed, text) in &refused {
            assert!(!passed, "{name} fails");
            assert!(text.contains(name), "{text}");
        }
        assert!(
            refused.iter().any(|(_, _, text)| text.contains("5 != 4")),
            "the real message is shown: {refused:?}"
        );
        assert_eq!(page.path().await, "/admin/assignments/new");
        assert_eq!(
            page.find("title")
                .await
                .prop("value")
                .await
                .unwrap()
                .as_deref(),
            Some("Double it")
        );
        assert_eq!(page.code_of("reference-editor").await, WRONG);
        // The browser would ask before leaving these unsaved edits.
        assert_eq!(asks_before_leaving(&page).await, json!(true));

        // A passing reference is saved, published, and opened at its own address.
        page.set_code("reference-editor", REFERENCE).await;
        page.click("published").await;
        save_new(&page).await;
        assert_eq!(page.text("saved").await, "Created.");
        assert_eq!(asks_before_leaving(&page).await, json!(false), "all saved");
        // The pill shows its text in capitals (CSS).
        assert_eq!(page.text("edit-state").await.to_lowercase(), "published");
        page.screenshot("saved").await;

        // It is last in the list, published; moving it up swaps it with the one before.
        page.click("nav-assignments").await;
        wait_path(&page, "/admin").await;
        let after = rows(&page).await;
        assert_eq!(after.len(), before.len() + 1, "{after:?}");
        let (id, title, state) = after.last().unwrap().clone();
        assert_eq!((title.as_str(), state.as_str()), ("Double it", "published"));
        let up = page
            .client
            .find(Locator::Css(&format!(
                r#"[data-testid="admin-row"][data-id="{id}"] [data-testid="move-up"]"#
            )))
            .await
            .unwrap();
        up.click().await.unwrap();
        let moved = page
            .wait_until("the move", 30, || async {
                let now = rows(&page).await;
                let at = now.iter().position(|(row, _, _)| *row == id)?;
                (at + 2 == now.len()).then_some(now)
            })
            .await;
        assert_eq!(moved.last().map(|r| &r.1), before.last().map(|r| &r.1));
        // The focus stays on the button that moved it.
        let button = json!(format!("move-up-{id}"));
        page.wait_until("the focus on the button that moved it", 5, || async {
            let focused = page.js("return document.activeElement.id", vec![]).await;
            (focused == button).then_some(())
        })
        .await;
        page.screenshot("moved").await;

        // Archiving asks first; then the assignment leaves the list.
        page.open(&format!("/admin/assignments/{id}")).await;
        page.click("archive").await;
        page.wait_visible("archive-confirm", 5).await;
        page.wait_until("the focus on “Keep it”", 5, || async {
            let focused = page.js("return document.activeElement.id", vec![]).await;
            (focused == json!("archive-no")).then_some(())
        })
        .await;
        page.screenshot("archive-confirm").await;
        page.click("archive-yes").await;
        wait_path(&page, "/admin").await;
        let left = rows(&page).await;
        assert_eq!(left.len(), before.len(), "{left:?}");
        assert!(left.iter().all(|(row, _, _)| *row != id), "{left:?}");
    })
    .await;
}

/// Signs in and fills a new assignment "Double it" with two tests and `reference`.
async fn write_double(page: &Page, reference: &str) {
    sign_in(page, ADMIN_PASSWORD).await;
    wait_path(page, "/admin").await;
    page.open("/admin/assignments/new").await;
    page.type_into("title", "Double it").await;
    page.set_code("starter-editor", "def double(x):\n    pass\n")
        .await;
    page.set_code("tests-editor", TESTS).await;
    page.set_code("reference-editor", reference).await;
}

/// Saves the new assignment and waits for its page; returns its id.
pub(crate) async fn save_new(page: &Page) -> i64 {
    page.click("save").await;
    let id = page
        .wait_until("the new assignment's page", 30, || async {
            let path = page.path().await;
            path.strip_prefix("/admin/assignments/")?
                .parse::<i64>()
                .ok()
        })
        .await;
    page.wait_hydrated().await;
    id
}

#[tokio::test]
async fn a_teacher_hides_a_test_and_tries_code_and_a_learner_sees_it_hidden() {
    browser_test("authoring_hidden", LAPTOP, |page| async move {
        write_double(&page, REFERENCE).await;
        // The tests of the test code are offered for visibility; one is hidden.
        let select = page
            .wait_until("the visibility of test_negative", 10, || async {
                page.client
                    .find(Locator::Css(
                        r#"[data-testid="visibility"][data-test="test_negative"]"#,
                    ))
                    .await
                    .ok()
            })
            .await;
        select.select_by_value("hide").await.unwrap();
        // "Try it" grades any code against the unsaved draft, showing every test.
        page.set_code("try-editor", HALF_RIGHT).await;
        page.js(
            r#"window.__cpTrying = false;
               new MutationObserver(() => {
                 const note = document.querySelector('[data-testid="try-progress"]');
                 if (note && note.textContent.trim()) window.__cpTrying = true;
               }).observe(document.body, { subtree: true, childList: true, characterData: true });"#,
            vec![],
        )
        .await;
        page.click("try-run").await;
        page.wait_visible("try-result", 30).await;
        page.scroll_to("try-result").await;
        page.screenshot("tried").await;
        let tried = check_tests(&page, "try-result").await;
        let mut outcome: Vec<(&str, bool)> = tried
            .iter()
            .map(|(name, passed, _)| (name.as_str(), *passed))
            .collect();
        outcome.sort_unstable();
        assert_eq!(outcome, [("test_negative", false), ("test_two", true)]);
        assert!(
            tried.iter().any(|(_, _, text)| text.contains("6 != -6")),
            "{tried:?}"
        );
        assert_eq!(
            page.js("return window.__cpTrying", vec![]).await,
            json!(true),
            "progress was shown while grading"
        );

        page.click("published").await;
        let id = save_new(&page).await;
        // The pill shows its text in capitals (CSS).
        assert_eq!(page.text("edit-state").await.to_lowercase(), "published");
        let hidden = page
            .client
            .find(Locator::Css(
                r#"[data-testid="visibility"][data-test="test_negative"]"#,
            ))
            .await
            .unwrap();
        assert_eq!(hidden.prop("value").await.unwrap().as_deref(), Some("hide"));
        page.screenshot("saved").await;

        // A learner: the hidden test's result arrives without its name and message.
        page.client.delete_all_cookies().await.unwrap();
        page.open(&format!("/assignments/{id}")).await;
        assert_eq!(page.text("assignment-title").await, "Double it");
        page.set_editor(HALF_RIGHT).await;
        page.click("submit").await;
        assert_eq!(page.wait_final_status(30).await, "failed");
        let mut seen = Vec::new();
        for result in page.find_all("test-result").await {
            let passed = result.attr("data-passed").await.unwrap();
            seen.push((result.text().await.unwrap(), passed));
        }
        page.screenshot("learner").await;
        let text = format!("{seen:?}");
        assert!(text.contains("test_two"), "{text}");
        assert!(text.contains("hidden test 1"), "{text}");
        assert!(!text.contains("test_negative") && !text.contains("-6"), "{text}");

        // The learner fixes the code and solves it.
        page.set_editor(REFERENCE).await;
        page.click("submit").await;
        page.wait_until("the fixed code to pass", 30, || async {
            let status = page
                .client
                .find(Locator::Css(r#"[data-testid="status"]"#))
                .await
                .ok()?
                .attr("data-status")
                .await
                .ok()??;
            (status == "passed").then_some(())
        })
        .await;
        page.screenshot("solved").await;
    })
    .await;
}
