//! Sandboxes started ahead of their job (the process backend): the next job finds one
//! waiting, and each runs one job only.

use std::time::{Duration, Instant};

use contract::Status;
use grader_api::sandbox::{ProcessSandbox, ProcessSettings, Sandbox};

use crate::helpers::{job, run_on, HELLO_TESTS, PROBE_TESTS};

/// A file the first job leaves in its `/tmp`, which no later job may see.
const MARK: &str = "/tmp/cp-warm-mark";

fn sandbox() -> Option<ProcessSandbox> {
    let wanted = std::env::var("TEST_SANDBOX").unwrap_or_else(|_| "process".to_owned());
    if !wanted.split(',').any(|name| name.trim() == "process") {
        return None;
    }
    let mut settings = ProcessSettings::default();
    if let Ok(rootfs) = std::env::var("GRADER_ROOTFS") {
        settings.rootfs = rootfs.into();
    }
    Some(ProcessSandbox::new(settings))
}

async fn started_ahead(sandbox: &ProcessSandbox, at_least: usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while sandbox.started_ahead() < at_least {
        assert!(
            Instant::now() < deadline,
            "only {} of {at_least} sandboxes started ahead within 20 s",
            sandbox.started_ahead()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn the_next_job_takes_a_sandbox_started_ahead_and_shares_nothing() {
    let Some(sandbox) = sandbox() else { return };
    sandbox.check().await.expect("the process sandbox works");
    let leave = format!(
        "open('{MARK}', 'w').write('left by an earlier job')\n\
         def hello():\n    return 'Hello'\n"
    );
    let grade = run_on(&sandbox, &job(&leave, HELLO_TESTS)).await;
    assert_eq!(grade.status, Status::Passed, "{grade:?}");
    // The first job found none waiting; while it ran, the next ones were started.
    assert_eq!(sandbox.ran_started_ahead(), 0);
    started_ahead(&sandbox, 2).await;
    let before = sandbox.started_ahead();
    let look = format!(
        "import os\n\
         def probe():\n    return 'found a mark' if os.path.exists('{MARK}') else 'ok'\n"
    );
    let grade = run_on(&sandbox, &job(&look, PROBE_TESTS)).await;
    assert_eq!(
        grade.status,
        Status::Passed,
        "a later job saw the first one's /tmp: {grade:?}"
    );
    // It took one of those waiting; another was started in its place.
    assert_eq!(sandbox.ran_started_ahead(), 1);
    started_ahead(&sandbox, before).await;
    // A job of another shape (a larger memory limit) starts its own sandbox.
    let other = grader_api::sandbox::Job {
        memory_limit_mb: 96,
        ..job(&look, PROBE_TESTS)
    };
    let grade = run_on(&sandbox, &other).await;
    assert_eq!(grade.status, Status::Passed, "{grade:?}");
    assert_eq!(
        sandbox.ran_started_ahead(),
        1,
        "no sandbox of that shape waited"
    );
}
