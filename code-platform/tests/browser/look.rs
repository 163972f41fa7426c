//! How the assignment page looks on a phone, and how fast it first renders.

use std::time::Duration;

use crate::harness::{browser_test, Page};

#[tokio::test]
async fn the_assignment_page_fits_a_phone() {
    browser_test("phone", (390, 844), |page| async move {
        page.open("/").await;
        assert_eq!(page.text("assignment-title").await, "Hello");
        let sizes = page
            .js(
                "return [window.innerWidth, document.documentElement.scrollWidth]",
                vec![],
            )
            .await;
        println!(
            "phone viewport width {}, content width {}",
            sizes[0], sizes[1]
        );
        page.screenshot("phone-top").await;
        assert!(
            sizes[1].as_u64() <= sizes[0].as_u64(),
            "the page scrolls sideways on a phone: {sizes}"
        );
        for testid in ["editor", "submit"] {
            page.scroll_to(testid).await;
            assert!(page.find(testid).await.is_displayed().await.unwrap());
            page.screenshot(&format!("phone-{testid}")).await;
        }
    })
    .await;
}

/// Milliseconds from navigation start to first contentful paint and to hydration.
async fn render_times(page: &Page) -> (f64, f64) {
    page.client.goto(&page.url("/")).await.expect("navigating");
    // Polled every 10 ms, so the hydration figure is at most that much late.
    let hydrated = page
        .wait_until("hydration", 30, || async {
            let at = page
                .js(
                    "return document.body.dataset.hydrated === 'true' ? performance.now() : null",
                    vec![],
                )
                .await;
            tokio::time::sleep(Duration::from_millis(10)).await;
            at.as_f64()
        })
        .await;
    let paint = page
        .js(
            "const fcp = performance.getEntriesByType('paint')
               .find(e => e.name === 'first-contentful-paint');
             return fcp ? fcp.startTime : null;",
            vec![],
        )
        .await;
    (
        paint.as_f64().expect("a first-contentful-paint entry"),
        hydrated,
    )
}

#[tokio::test]
async fn the_assignment_page_renders_and_hydrates_quickly() {
    browser_test("first_render", (1280, 900), |page| async move {
        let (cold_paint, cold_hydrated) = render_times(&page).await;
        let (warm_paint, warm_hydrated) = render_times(&page).await;
        println!(
            "time to first render of the assignment page: first contentful paint \
             {cold_paint:.0} ms (cached: {warm_paint:.0} ms), hydrated after \
             {cold_hydrated:.0} ms (cached: {warm_hydrated:.0} ms)"
        );
        page.screenshot("rendered").await;
        for ms in [cold_paint, cold_hydrated, warm_paint, warm_hydrated] {
            assert!(ms < 10_000.0, "{ms} ms to render");
        }
    })
    .await;
}
