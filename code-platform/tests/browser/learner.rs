//! What a learner does: solve Hello by typing, fail it, come back later, meet an error
//! while a submission is still being graded, and wait in line behind others.

use fantoccini::key::Key;
use fantoccini::Locator;

use crate::harness::{browser_test, browser_test_with_platform, Api, Page};
use crate::{HELLO, HELLO_WRONG};

const LAPTOP: (u32, u32) = (1280, 900);

/// Waits for the final status of the submission just made and checks that the page
/// showed it live: a queued or running status first, and no reload.
async fn wait_graded_live(page: &Page) -> String {
    let status = page.wait_final_status(30).await;
    let (seen, not_reloaded) = page.recorded_statuses().await;
    assert!(not_reloaded, "the page reloaded while grading");
    assert!(
        seen.iter().any(|s| s == "queued" || s == "running"),
        "no queued/running status before {status}: saw {seen:?}"
    );
    assert_eq!(seen.last(), Some(&status), "saw {seen:?}");
    status
}

/// Opens `/` (which lands on the first unsolved assignment) and submits `code`
/// through the editor API and the submit button.
async fn submit_on_hello(page: &Page, code: &str) {
    page.open("/").await;
    assert_eq!(page.text("assignment-title").await, "Hello");
    page.set_editor(code).await;
    page.record_statuses().await;
    page.find("submit").await.click().await.unwrap();
}

#[tokio::test]
async fn solving_hello_by_typing_shows_passed_live_and_leads_to_the_next() {
    browser_test("solve_hello", LAPTOP, |page| async move {
        page.open("/").await;
        assert_eq!(page.text("assignment-title").await, "Hello");
        assert!(page.find("handout").await.is_displayed().await.unwrap());
        assert!(
            page.editor_value().await.contains("def hello"),
            "starter code in the editor"
        );
        let points_before = page.text("points").await;
        page.screenshot("hello").await;

        let content = page
            .client
            .find(Locator::Css(r#"[data-testid="editor"] .cm-content"#))
            .await
            .expect("CodeMirror mounted in the editor");
        content.click().await.unwrap();
        content.send_keys(&(Key::Control + "a")).await.unwrap();
        // CodeMirror closes brackets and quotes (typing the closer steps over it) and
        // indents after the colon, so the body is typed without leading spaces.
        let typed = format!("def hello():{}return \"Hello\"", Key::Enter);
        content.send_keys(&typed).await.unwrap();
        assert_eq!(page.editor_value().await, HELLO.trim_end());
        page.screenshot("typed").await;

        page.record_statuses().await;
        content
            .send_keys(&(Key::Control + &Key::Enter))
            .await
            .unwrap();
        assert_eq!(wait_graded_live(&page).await, "passed");
        let next = page.wait_visible("next-assignment", 10).await;
        page.screenshot("passed").await;
        let points_after = page.text("points").await;
        assert_ne!(points_after, points_before, "points did not change");
        assert!(!points_after.starts_with('0'), "points: {points_after}");

        next.click().await.unwrap();
        page.wait_until("the Hello world page", 20, || async {
            let title = page
                .client
                .find(Locator::Css(r#"[data-testid="assignment-title"]"#));
            let title = title.await.ok()?.text().await.ok()?;
            (title == "Hello world").then_some(())
        })
        .await;
        page.wait_hydrated().await;
        page.screenshot("next").await;
    })
    .await;
}

#[tokio::test]
async fn a_wrong_answer_shows_the_failing_tests_message() {
    browser_test("wrong_answer", LAPTOP, |page| async move {
        submit_on_hello(&page, HELLO_WRONG).await;
        assert_eq!(wait_graded_live(&page).await, "failed");
        let results = page.find_all("test-result").await;
        let mut failing = Vec::new();
        for result in results {
            if result.attr("data-passed").await.unwrap().as_deref() == Some("false") {
                failing.push(result.text().await.unwrap());
            }
        }
        page.screenshot("failed").await;
        assert!(
            failing
                .iter()
                .any(|text| text.contains("'hello' != 'Hello'")),
            "failing results: {failing:?}"
        );
        for next in page.find_all("next-assignment").await {
            assert!(
                !next.is_displayed().await.unwrap(),
                "no way on to the next assignment after a failure"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn coming_back_lands_on_the_first_unsolved_with_history_intact() {
    browser_test("come_back", LAPTOP, |page| async move {
        submit_on_hello(&page, HELLO).await;
        assert_eq!(wait_graded_live(&page).await, "passed");
        let hello_path = page.path().await;

        page.open("/").await;
        assert_eq!(page.text("assignment-title").await, "Hello world");
        assert_ne!(page.path().await, hello_path);
        let links = page.find_all("assignment-link").await;
        assert_eq!(
            links[0].attr("data-completed").await.unwrap().as_deref(),
            Some("true"),
            "Hello is marked solved in the list"
        );
        page.screenshot("landed").await;

        links[0].click().await.unwrap();
        page.wait_until("the Hello page", 20, || async {
            (page.path().await == hello_path).then_some(())
        })
        .await;
        page.wait_hydrated().await;
        let item = page.wait_visible("history-item", 10).await;
        assert!(
            item.text().await.unwrap().to_lowercase().contains("passed"),
            "history shows the passed submission"
        );
        page.set_editor("# scratch\n").await;
        item.find(Locator::Css(r#"[data-testid="reopen"]"#))
            .await
            .expect("a reopen button in the history item")
            .click()
            .await
            .unwrap();
        page.wait_until("the reopened code in the editor", 10, || async {
            (page.editor_value().await == HELLO).then_some(())
        })
        .await;
        page.screenshot("history").await;
        page.scroll_to("editor").await;
        page.screenshot("reopened").await;
    })
    .await;
}

#[tokio::test]
async fn submitting_while_one_is_graded_shows_a_readable_error() {
    browser_test("error_banner", LAPTOP, |page| async move {
        // Sleeping at import time keeps the first submission open long enough for the
        // second click (well within the 5 s time limit, even if imported per test).
        let slow = format!("import time\ntime.sleep(1.5)\n\n{HELLO}");
        submit_on_hello(&page, &slow).await;
        // The button is disabled while the first POST is in flight; once the status
        // shows, that submission is open and a second one must be refused.
        page.wait_until("the first submission to be open", 10, || async {
            // The status element appears only once the POST has answered.
            let shown = page.find_all("status").await.into_iter().next()?;
            let status = shown.attr("data-status").await.ok()??;
            ["queued", "running"]
                .contains(&status.as_str())
                .then_some(())
        })
        .await;
        page.find("submit").await.click().await.unwrap();
        let banner = page.wait_visible("error", 10).await;
        let text = banner.text().await.unwrap();
        page.screenshot("error").await;
        assert!(
            text.to_lowercase().contains("already have a submission"),
            "error banner: {text:?}"
        );
        let status = page.wait_final_status(30).await;
        let shown = page.find("status").await.text().await.unwrap();
        assert_eq!(status, "passed", "the slow submission ended as {shown:?}");
    })
    .await;
}

#[tokio::test]
async fn a_result_that_arrives_while_the_server_restarts_is_still_shown() {
    browser_test_with_platform("reconnect", LAPTOP, |page, mut platform| async move {
        // Slow enough at import that the platform can be stopped while it is graded.
        let slow = format!("import time\ntime.sleep(1.5)\n\n{HELLO}");
        submit_on_hello(&page, &slow).await;
        page.wait_until("the submission to be running", 20, || async {
            let shown = page.find_all("status").await.into_iter().next()?;
            (shown.attr("data-status").await.ok()?? == "running").then_some(())
        })
        .await;
        // A reload would lose this marker: the result must arrive in the same page.
        page.js("window.cpSamePage = true; return true;", vec![])
            .await;
        // Stopping lets the grader finish: the verdict is stored and published while
        // every WebSocket is already closed, so the browser misses the live frame.
        platform.stop().await;
        page.wait_until("the connection indicator to show closed", 10, || async {
            let state = page
                .find("connection")
                .await
                .attr("data-state")
                .await
                .ok()??;
            (state == "closed").then_some(())
        })
        .await;
        page.screenshot("disconnected").await;
        let shown = page.find("status").await.attr("data-status").await.unwrap();
        assert_eq!(
            shown.as_deref(),
            Some("running"),
            "no live frame can have arrived"
        );

        platform.start().await;
        page.wait_until("the connection to reopen", 30, || async {
            let state = page
                .find("connection")
                .await
                .attr("data-state")
                .await
                .ok()??;
            (state == "open").then_some(())
        })
        .await;
        // Reconnecting re-reads the submission over REST: the missed result appears.
        let status = page.wait_final_status(30).await;
        page.screenshot("reconnected").await;
        assert_eq!(status, "passed");
        let same_page = page.js("return window.cpSamePage === true;", vec![]).await;
        assert_eq!(
            same_page,
            serde_json::Value::Bool(true),
            "the page was reloaded"
        );
    })
    .await;
}

/// Output and messages that would run or render if the page treated them as HTML.
const HOSTILE_OUTPUT: &str = r#"print('<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">\x1b[31mred\x1b[0m \u202eevil')

def hello():
    return '<b id="injected">bold</b>'
"#;

#[tokio::test]
async fn learner_output_is_shown_as_text_and_never_runs() {
    browser_test("hostile_output", LAPTOP, |page| async move {
        submit_on_hello(&page, HOSTILE_OUTPUT).await;
        assert_eq!(wait_graded_live(&page).await, "failed");
        let path = page.path().await;
        // Live (rendered in the browser from the event) and after a reload (rendered on
        // the server): text both times.
        for rendering in ["live", "server-rendered"] {
            if rendering == "server-rendered" {
                page.open(&path).await;
                page.wait_visible("feedback", 20).await;
            }
            let feedback = page.text("feedback").await;
            assert!(
                feedback.contains("<script>window.__pwned = 1</script>"),
                "{rendering}: the script shows as text: {feedback}"
            );
            let injected = page
                .js(
                    "return [typeof window.__pwned, \
                      document.querySelectorAll('[data-testid=feedback] img, \
                        [data-testid=feedback] script, #injected').length];",
                    vec![],
                )
                .await;
            assert_eq!(
                injected,
                serde_json::json!(["undefined", 0]),
                "{rendering}: nothing of the learner's output became markup"
            );
            let results = page.find_all("test-result").await;
            let mut messages = Vec::new();
            for result in results {
                messages.push(result.text().await.unwrap());
            }
            assert!(
                messages
                    .iter()
                    .any(|m| m.contains("<b id=\"injected\">bold</b>")),
                "{rendering}: the message shows the tags as text: {messages:?}"
            );
        }
        page.screenshot("hostile").await;
    })
    .await;
}

#[tokio::test]
async fn a_submission_behind_others_shows_its_place_in_line() {
    browser_test_with_platform("place_in_line", LAPTOP, |page, platform| async move {
        const AHEAD: usize = 80;
        page.open("/").await;
        assert_eq!(page.text("assignment-title").await, "Hello");
        // Unique code: an earlier verdict of the same code would be reused at once.
        page.set_editor(&format!("{HELLO}# in line\n")).await;
        let others = futures::future::join_all((0..AHEAD).map(|_| Api::learner(&platform))).await;
        let hello = others[0].assignment("Hello").await;
        let submitted = others.iter().enumerate().map(|(n, learner)| async move {
            learner
                .submit(hello, &format!("{HELLO}# learner {n}\n"))
                .await
        });
        futures::future::join_all(submitted).await;
        page.record_statuses().await;
        page.click("submit").await;

        let place = page
            .wait_visible("queue-place", 10)
            .await
            .text()
            .await
            .unwrap();
        page.screenshot("in-line").await;
        // "37th in line, about 4 s": a place behind others, in words.
        let (position, rest) =
            place.split_at(place.find(|c: char| !c.is_ascii_digit()).unwrap_or(0));
        let position: usize = position.parse().unwrap_or_else(|_| panic!("{place}"));
        let suffix = match (position % 10, position % 100) {
            (_, 11..=13) => "th",
            (1, _) => "st",
            (2, _) => "nd",
            (3, _) => "rd",
            _ => "th",
        };
        assert!(position > 1 && position <= AHEAD + 1, "{place}");
        assert!(rest.starts_with(&format!("{suffix} in line, ")), "{place}");
        assert!(
            rest.ends_with(" s") || rest.ends_with(" min") || rest.ends_with("second"),
            "{place}"
        );

        assert_eq!(wait_graded_live(&page).await, "passed");
        assert!(
            page.find_all("queue-place").await.is_empty(),
            "no place once graded"
        );
    })
    .await;
}
