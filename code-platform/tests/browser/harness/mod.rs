//! The machinery of the browser tests: a platform per test, a chromedriver per test,
//! a headless Chromium session that is closed even when the test panics, and helpers
//! that read the page through the data-testid contract of the learner UI.

mod api;
mod driver;
mod page;
mod platform;

use std::future::Future;
use std::panic::{resume_unwind, AssertUnwindSafe};

use futures::FutureExt;
use tokio::sync::Semaphore;

pub(crate) use api::Api;
pub(crate) use page::{Page, FINAL};
pub(crate) use platform::{site_root, TestPlatform, ADMIN_PASSWORD, ADMIN_USERNAME};

/// One browser test at a time: two cores cannot run several Chromiums, graders and
/// platforms at once without the timings (and the time-to-render figures) going wild.
static TURN: Semaphore = Semaphore::const_new(1);

/// Runs `test` against a fresh platform in a fresh browser, with a window of
/// `width` x `height` CSS pixels, saving screenshots under
/// `target/screenshots/<name>/`. The browser session is closed whatever happens.
pub(crate) async fn browser_test<F, Fut>(name: &str, size: (u32, u32), test: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = ()>,
{
    let _turn = TURN.acquire().await.expect("the semaphore is never closed");
    platform::require_site();
    let platform = TestPlatform::spawn(2).await;
    in_browser(&platform.base, name, size, test).await;
}

/// Like [`browser_test`], with the platform handed to the test too, so that it can
/// stop and restart it under the browser's feet.
pub(crate) async fn browser_test_with_platform<F, Fut>(name: &str, size: (u32, u32), test: F)
where
    F: FnOnce(Page, TestPlatform) -> Fut,
    Fut: Future<Output = ()>,
{
    let _turn = TURN.acquire().await.expect("the semaphore is never closed");
    platform::require_site();
    let platform = TestPlatform::spawn(2).await;
    let base = platform.base.clone();
    in_browser(&base, name, size, |page| test(page, platform)).await;
}

/// Like [`browser_test`] but against any site at `base` (no platform).
pub(crate) async fn browser_on<F, Fut>(base: &str, name: &str, size: (u32, u32), test: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = ()>,
{
    let _turn = TURN.acquire().await.expect("the semaphore is never closed");
    in_browser(base, name, size, test).await;
}

async fn in_browser<F, Fut>(base: &str, name: &str, (width, height): (u32, u32), test: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = ()>,
{
    let driver = driver::Chromedriver::start();
    let profile = driver::Profile::new();
    let client = driver::session(&driver, &profile, width, height).await;
    let page = Page::new(client.clone(), base.to_owned(), name);
    let outcome = AssertUnwindSafe(test(page)).catch_unwind().await;
    // Closing the session ends Chromium; killing only chromedriver would orphan it.
    if let Err(err) = client.close().await {
        eprintln!("closing the browser session failed: {err}");
    }
    drop(driver);
    drop(profile);
    if let Err(panic) = outcome {
        resume_unwind(panic);
    }
}
