//! What a teacher watches and reviews: the dashboard follows submissions as learners
//! make them (headline figures, the assignments' table and chart, the feed) without a
//! reload; the submissions view filters, pages and downloads them, shows one with its
//! code and every test's real name, and regrades it live; "Regrade all" says how many
//! went in line.

use fantoccini::Locator;
use reqwest::Method;
use serde_json::json;

use crate::authoring::{sign_in, wait_path};
use crate::harness::{browser_test_with_platform, Api, Page, ADMIN_PASSWORD, FINAL};
use crate::{HELLO, HELLO_WRONG};

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
/// Passes `test_two` only; `test_negative`, hidden from learners, fails with `6 != -6`.
const HALF_RIGHT: &str = "def double(x):\n    return abs(2 * x)\n";

/// Hello as a learner solves it, made unique so that no earlier verdict is reused and a
/// grader runs each one.
fn hello(n: usize, right: bool) -> String {
    let code = if right { HELLO } else { HELLO_WRONG };
    format!("{code}# learner {n}\n")
}

/// The text of `[data-testid=testid]`, or none while it is not there.
async fn text_of(page: &Page, testid: &str) -> Option<String> {
    let css = format!(r#"[data-testid="{testid}"]"#);
    page.client
        .find(Locator::Css(&css))
        .await
        .ok()?
        .text()
        .await
        .ok()
}

/// `(id, status)` of every row `[data-testid=row]`, in the order shown, read in one
/// script: the rows re-render as frames arrive, so elements found first may be gone by
/// the time each is asked for its attributes.
async fn rows(page: &Page, row: &str) -> Vec<(String, String)> {
    let found = page
        .js(
            "return Array.from(document.querySelectorAll(`[data-testid=\"${arguments[0]}\"]`))
                 .map(row => [row.dataset.id || '', row.dataset.status || '']);",
            vec![json!(row)],
        )
        .await;
    serde_json::from_value(found).expect("pairs of strings")
}

/// Marks the document, so a reload since can be told.
async fn mark_document(page: &Page) {
    page.js("window.__cpNoReload = true;", vec![]).await;
}

async fn not_reloaded(page: &Page) -> bool {
    page.js("return window.__cpNoReload === true;", vec![])
        .await
        == json!(true)
}

async fn wait_live(page: &Page) {
    page.wait_until("the live connection", 20, || async {
        let state = page
            .find("connection")
            .await
            .attr("data-state")
            .await
            .ok()??;
        (state == "open").then_some(())
    })
    .await;
}

#[tokio::test]
async fn the_dashboard_follows_submissions_as_learners_make_them() {
    browser_test_with_platform("dashboard", LAPTOP, |page, platform| async move {
        sign_in(&page, ADMIN_PASSWORD).await;
        wait_path(&page, "/admin").await;
        page.click("nav-dashboard").await;
        wait_path(&page, "/admin/dashboard").await;
        wait_live(&page).await;
        for chart in [
            "chart-throughput",
            "chart-latency",
            "chart-queue",
            "chart-pass-rates",
            "chart-graders",
        ] {
            let svg = page.find(chart).await.html(true).await.unwrap();
            assert!(svg.contains("<svg"), "{chart}: {svg}");
        }
        page.wait_until("the platform's grader", 20, || async {
            (!page.find_all("grader").await.is_empty()).then_some(())
        })
        .await;
        assert_eq!(page.find_all("feed-row").await.len(), 0);
        let hello_row = r#"[data-testid="assignment-stat"]"#;
        let hello_id = Api::learner(&platform).await.assignment("Hello").await;
        let hello_stat =
            format!(r#"{hello_row}[data-id="{hello_id}"] [data-testid="assignment-submissions"]"#);
        let submissions_before: i64 = page
            .client
            .find(Locator::Css(&hello_stat))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            .parse()
            .unwrap();
        let pass_rates_before = page
            .find("chart-pass-rates")
            .await
            .html(true)
            .await
            .unwrap();
        page.screenshot("before").await;
        mark_document(&page).await;

        // Four learners submit Hello over the API: three right, one wrong.
        let mut ids = Vec::new();
        for n in 0..4 {
            let learner = Api::learner(&platform).await;
            ids.push(learner.submit(hello_id, &hello(n, n != 3)).await);
        }

        // The feed shows each of them, graded, newest first, each linking to its page.
        let feed = page
            .wait_until(
                "the feed to show the four graded submissions",
                60,
                || async {
                    let feed = rows(&page, "feed-row").await;
                    let graded = ids.iter().all(|id| {
                        feed.iter()
                            .any(|(row, status)| row == id && FINAL.contains(&status.as_str()))
                    });
                    graded.then_some(feed)
                },
            )
            .await;
        let statuses: Vec<&str> = ids
            .iter()
            .map(|id| feed.iter().find(|(row, _)| row == id).unwrap().1.as_str())
            .collect();
        assert_eq!(
            statuses,
            ["passed", "passed", "passed", "failed"],
            "{feed:?}"
        );
        let link = page
            .client
            .find(Locator::Css(&format!(
                r#"[data-testid="feed-row"][data-id="{}"] a"#,
                ids[0]
            )))
            .await
            .unwrap()
            .attr("href")
            .await
            .unwrap();
        assert_eq!(
            link.as_deref(),
            Some(format!("/admin/submissions/{}", ids[0]).as_str())
        );

        // The stats frames bring the new figures: graded last minute, Hello's
        // submissions and its pass-rate bar.
        page.wait_until("four graded in the last minute", 30, || async {
            let graded: i64 = text_of(&page, "stat-graded").await?.parse().ok()?;
            (graded >= 4).then_some(())
        })
        .await;
        page.wait_until("Hello's four new submissions", 30, || async {
            let shown = page.client.find(Locator::Css(&hello_stat)).await.ok()?;
            let count: i64 = shown.text().await.ok()?.parse().ok()?;
            (count >= submissions_before + 4).then_some(())
        })
        .await;
        let pass_rates = page
            .find("chart-pass-rates")
            .await
            .html(true)
            .await
            .unwrap();
        assert_ne!(
            pass_rates, pass_rates_before,
            "the pass-rate chart was drawn again"
        );
        let p50 = text_of(&page, "stat-p50").await.unwrap_or_default();
        assert!(
            p50.ends_with(" ms") || p50.ends_with(" s"),
            "a median wait: {p50}"
        );
        let throughput = page
            .find("chart-throughput")
            .await
            .html(true)
            .await
            .unwrap();
        assert!(throughput.contains("submitted") && throughput.contains("graded"));
        assert!(not_reloaded(&page).await, "the dashboard reloaded");
        page.screenshot("after").await;
        page.scroll_to("chart-pass-rates").await;
        page.screenshot("assignments").await;
        page.scroll_to("feed").await;
        page.screenshot("feed").await;
    })
    .await;
}

#[tokio::test]
async fn the_dashboard_stays_responsive_while_frames_pour_in() {
    browser_test_with_platform("dashboard_busy", LAPTOP, |page, platform| async move {
        const LEARNERS: usize = 120;
        sign_in(&page, ADMIN_PASSWORD).await;
        wait_path(&page, "/admin").await;
        page.open("/admin/dashboard").await;
        wait_live(&page).await;
        // The longest task the page's thread ran from now on.
        page.js(
            "window.__cpLongest = 0;
             new PerformanceObserver(list => {
               for (const task of list.getEntries()) {
                 window.__cpLongest = Math.max(window.__cpLongest, task.duration);
               }
             }).observe({ type: 'longtask' });",
            vec![],
        )
        .await;
        mark_document(&page).await;

        // Many learners at once: every submission sends the admin socket a frame per
        // status, and each queued one its place in line.
        let learners = futures::future::join_all((0..LEARNERS).map(|_| Api::learner(&platform))).await;
        let hello_id = learners[0].assignment("Hello").await;
        let submitted = learners
            .iter()
            .enumerate()
            .map(|(n, learner)| async move { learner.submit(hello_id, &hello(n, true)).await });
        let ids = futures::future::join_all(submitted).await;
        page.wait_until("every submission graded in the last minute", 120, || async {
            let graded: usize = text_of(&page, "stat-graded").await?.parse().ok()?;
            (graded >= LEARNERS).then_some(())
        })
        .await;

        // The feed holds the latest fifty, each once.
        let feed = page
            .wait_until("the last submission in the feed", 20, || async {
                let feed = rows(&page, "feed-row").await;
                let last = feed.iter().any(|(id, status)| ids.contains(id) && status == "passed");
                (last && feed.len() == 50).then_some(feed)
            })
            .await;
        let distinct: std::collections::HashSet<&String> = feed.iter().map(|(id, _)| id).collect();
        assert_eq!(distinct.len(), 50);
        let longest = page.js("return window.__cpLongest;", vec![]).await;
        let longest = longest.as_f64().unwrap_or_default();
        println!("dashboard: the longest task while {LEARNERS} submissions were graded took {longest:.0} ms");
        assert!(longest < 500.0, "the page was unresponsive for {longest:.0} ms");
        assert!(not_reloaded(&page).await, "the dashboard reloaded");
        page.screenshot("busy").await;
    })
    .await;
}

/// Creates and publishes "Double it", whose `test_negative` learners never see by name;
/// returns its id.
async fn double_it(admin: &Api) -> i64 {
    let draft = json!({
        "title": "Double it", "starter_code": "def double(x):\n    pass\n",
        "test_code": TESTS, "reference_solution": REFERENCE, "published": true,
        "test_visibility": { "test_negative": "hide" },
    });
    let (status, saved) = admin
        .send(Method::POST, "/api/admin/assignments", Some(draft))
        .await;
    assert_eq!(status, 201, "{saved}");
    saved["assignment"]["id"].as_i64().unwrap()
}

/// Chooses `value` in the select `[data-testid=testid]`.
async fn choose(page: &Page, testid: &str, value: &str) {
    page.find(testid)
        .await
        .select_by_value(value)
        .await
        .unwrap_or_else(|err| panic!("choosing {value} in {testid}: {err}"));
}

/// Sends the filter form and waits for the page it loads: the address
/// changes (an earlier filter's page already has a query, so having one
/// proves nothing).
async fn show_filtered(page: &Page) {
    let before = page.client.current_url().await.expect("current URL");
    page.click("filter-apply").await;
    page.wait_until("the filtered page", 20, || async {
        let url = page.client.current_url().await.ok()?;
        (url != before && url.query().is_some()).then_some(())
    })
    .await;
    page.wait_hydrated().await;
}

#[tokio::test]
async fn a_teacher_filters_reads_and_regrades_submissions() {
    browser_test_with_platform("submissions", LAPTOP, |page, platform| async move {
        let admin = Api::admin(&platform).await;
        let double = double_it(&admin).await;
        let (half, right, greeter) = (
            Api::learner(&platform).await,
            Api::learner(&platform).await,
            Api::learner(&platform).await,
        );
        let hello_id = greeter.assignment("Hello").await;
        let failed = half.submit(double, HALF_RIGHT).await;
        let passed = right.submit(double, REFERENCE).await;
        let greeted = greeter.submit(hello_id, &hello(9, true)).await;
        assert_eq!(half.final_status(&failed).await, "failed");
        assert_eq!(right.final_status(&passed).await, "passed");
        assert_eq!(greeter.final_status(&greeted).await, "passed");
        // The learner's own view names the hidden test by number only.
        let (_, theirs) = half.send(Method::GET, &format!("/api/submissions/{failed}"), None).await;
        assert!(!theirs.to_string().contains("test_negative"), "{theirs}");

        sign_in(&page, ADMIN_PASSWORD).await;
        wait_path(&page, "/admin").await;
        page.click("nav-submissions").await;
        wait_path(&page, "/admin/submissions").await;
        let all = rows(&page, "submission-row").await;
        assert_eq!(all.len(), 3, "{all:?}");
        assert_eq!(all[0].0, greeted, "newest first: {all:?}");

        // Filtering by status narrows the table, and the filter stays in the address.
        choose(&page, "filter-status", "failed").await;
        show_filtered(&page).await;
        assert_eq!(rows(&page, "submission-row").await, [(failed.clone(), "failed".to_owned())]);
        page.client.refresh().await.unwrap();
        page.wait_hydrated().await;
        assert_eq!(rows(&page, "submission-row").await.len(), 1, "a reload keeps the filter");
        let status = page.find("filter-status").await.prop("value").await.unwrap();
        assert_eq!(status.as_deref(), Some("failed"));
        page.screenshot("failed-only").await;

        // By assignment (status back to any): the two of "Double it".
        choose(&page, "filter-status", "").await;
        choose(&page, "filter-assignment", &double.to_string()).await;
        show_filtered(&page).await;
        let mut both: Vec<String> = rows(&page, "submission-row").await.into_iter().map(|r| r.0).collect();
        both.sort();
        let mut expected = vec![failed.clone(), passed.clone()];
        expected.sort();
        assert_eq!(both, expected);

        // The CSV link carries the same filters and answers CSV with the teacher's session.
        let csv = page.find("csv").await.attr("href").await.unwrap().unwrap_or_default();
        assert!(csv.contains(&format!("assignment_id={double}")) && csv.contains("format=csv"), "{csv}");
        let answer = page
            .js(
                "return fetch(arguments[0]).then(async r => [r.status, r.headers.get('content-type'), await r.text()]);",
                vec![json!(csv)],
            )
            .await;
        assert_eq!(answer[0], json!(200), "{answer}");
        assert!(answer[1].as_str().unwrap_or_default().starts_with("text/csv"), "{answer}");
        let body = answer[2].as_str().unwrap_or_default();
        assert!(body.contains(&failed) && body.contains(&passed) && !body.contains(&greeted), "{body}");

        // A page at a time.
        page.open("/admin/submissions?per_page=2").await;
        assert_eq!(rows(&page, "submission-row").await.len(), 2);
        assert!(page.text("page-info").await.starts_with("Page 1 of 2"));
        page.click("page-next").await;
        page.wait_until("the second page", 20, || async {
            let info = text_of(&page, "page-info").await?;
            info.starts_with("Page 2 of 2").then_some(())
        })
        .await;
        page.wait_hydrated().await;
        assert_eq!(rows(&page, "submission-row").await.len(), 1);

        // One submission: its code, and every test by its real name with its message.
        page.open(&format!("/admin/submissions/{failed}")).await;
        let code = page.text("code").await;
        assert!(code.contains("return abs(2 * x)"), "{code}");
        let mut tests = Vec::new();
        for result in page.find_all("test-result").await {
            let passed = result.attr("data-passed").await.unwrap().unwrap_or_default();
            tests.push((result.text().await.unwrap(), passed));
        }
        let text = format!("{tests:?}");
        assert!(text.contains("test_negative") && text.contains("6 != -6"), "{text}");
        assert!(!text.contains("hidden test"), "{text}");
        // Graded: how long it ran and how long it waited for a grader.
        for timing in ["duration", "waited"] {
            let shown = page.text(timing).await;
            assert!(shown.ends_with(" ms") || shown.ends_with(" s"), "{timing}: {shown}");
        }
        page.screenshot("one").await;

        // Regrade: back in line, then the verdict again, live.
        wait_live(&page).await;
        page.record_statuses().await;
        page.click("regrade").await;
        page.wait_until("the regrade's verdict", 60, || async {
            let (seen, _) = page.recorded_statuses().await;
            let back = seen.iter().position(|s| s == "queued" || s == "running")?;
            seen[back..].iter().any(|s| FINAL.contains(&s.as_str())).then_some(seen)
        })
        .await;
        let (seen, not_reloaded) = page.recorded_statuses().await;
        assert!(not_reloaded, "the page reloaded while regrading");
        assert_eq!(seen.first().map(String::as_str), Some("failed"), "{seen:?}");
        assert_eq!(seen.last().map(String::as_str), Some("failed"), "{seen:?}");
        page.screenshot("regraded").await;

        // Regrade all, from the course list: asked first, then how many went in line.
        page.open("/admin").await;
        let regrade_all = page
            .client
            .find(Locator::Css(&format!(
                r#"[data-testid="admin-row"][data-id="{double}"] [data-testid="regrade-all"]"#
            )))
            .await
            .unwrap();
        regrade_all.click().await.unwrap();
        page.wait_visible("regrade-confirm", 5).await;
        page.click("regrade-yes").await;
        let said = page
            .wait_until("how many were queued", 20, || async {
                let said = text_of(&page, "regrade-status").await?;
                (!said.is_empty()).then_some(said)
            })
            .await;
        assert_eq!(said, "“Double it”: 2 queued");
        page.screenshot("regrade-all").await;
        // Both are graded again, as before.
        assert_eq!(half.final_status(&failed).await, "failed");
        assert_eq!(right.final_status(&passed).await, "passed");
    })
    .await;
}
