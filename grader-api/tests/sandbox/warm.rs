//! Sandboxes started ahead of their job, on each backend: the next job finds one waiting,
//! each runs one job only, and closing the backend takes the waiting ones down.

use std::sync::Arc;
use std::time::{Duration, Instant};

use contract::Status;
use grader_api::sandbox::{
    DockerSandbox, DockerSettings, Job, ProcessSandbox, ProcessSettings, Sandbox,
};

use crate::attacks::leftovers;
use crate::helpers::{job, run_on, HELLO_TESTS, PROBE_TESTS};

/// A file the first job leaves in its `/tmp`, which no later job may see.
const MARK: &str = "/tmp/cp-warm-mark";

/// A backend of its own (its sandboxes started ahead belong to this test's runtime), and
/// how to read its books.
struct Warmed {
    sandbox: Arc<dyn Sandbox>,
    waiting: Box<dyn Fn() -> usize>,
    taken: Box<dyn Fn() -> usize>,
}

fn backends() -> Vec<Warmed> {
    let wanted = std::env::var("TEST_SANDBOX").unwrap_or_else(|_| "docker,process".to_owned());
    let mut backends = Vec::new();
    for name in wanted.split(',').map(str::trim) {
        match name {
            "process" => {
                let mut settings = ProcessSettings::default();
                if let Ok(rootfs) = std::env::var("GRADER_ROOTFS") {
                    settings.rootfs = rootfs.into();
                }
                let sandbox = Arc::new(ProcessSandbox::new(settings));
                let (waiting, taken) = (sandbox.clone(), sandbox.clone());
                backends.push(Warmed {
                    sandbox,
                    waiting: Box::new(move || waiting.started_ahead()),
                    taken: Box::new(move || taken.ran_started_ahead()),
                });
            }
            "docker" => {
                let settings = DockerSettings {
                    image: std::env::var("GRADER_IMAGE")
                        .unwrap_or_else(|_| "code-platform/grader:latest".to_owned()),
                    ..DockerSettings::default()
                };
                let sandbox = Arc::new(DockerSandbox::new(settings).expect("a Docker client"));
                let (waiting, taken) = (sandbox.clone(), sandbox.clone());
                backends.push(Warmed {
                    sandbox,
                    waiting: Box::new(move || waiting.started_ahead()),
                    taken: Box::new(move || taken.ran_started_ahead()),
                });
            }
            _ => {}
        }
    }
    backends
}

async fn waiting_at_least(backend: &Warmed, count: usize) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while (backend.waiting)() < count {
        assert!(
            Instant::now() < deadline,
            "{}: only {} of {count} sandboxes started ahead within 30 s",
            backend.sandbox.name(),
            (backend.waiting)()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn the_next_job_takes_a_sandbox_started_ahead_and_shares_nothing() {
    for backend in backends() {
        let (sandbox, name) = (backend.sandbox.as_ref(), backend.sandbox.name());
        sandbox.check().await.expect("the sandbox works");
        let leave = format!(
            "open('{MARK}', 'w').write('left by an earlier job')\n\
             def hello():\n    return 'Hello'\n"
        );
        let grade = run_on(sandbox, &job(&leave, HELLO_TESTS)).await;
        assert_eq!(grade.status, Status::Passed, "{name}: {grade:?}");
        // The first job found none waiting; while it ran, the next ones were started.
        assert_eq!((backend.taken)(), 0, "{name}");
        waiting_at_least(&backend, 2).await;
        let before = (backend.waiting)();
        // Started ahead, the learner's job runs at a learner's priority all the same (the
        // process backend's niceness; containers are not niced), and so do the sessions
        // of the learner's process and of the sandbox (pid 1): where the kernel groups
        // the CPU by session (autogroups), each has that niceness too.
        let niceness = if name == "process" { 10 } else { 0 };
        let look = format!(
            "import os\n\
             def probe():\n    \
                 if os.path.exists('{MARK}'):\n        return 'found a mark'\n    \
                 if os.nice(0) != {niceness}:\n        return f'niceness {{os.nice(0)}}'\n    \
                 for pid in ('self', '1'):\n        \
                     try:\n            group = open(f'/proc/{{pid}}/autogroup').read()\n        \
                     except OSError:\n            continue\n        \
                     if not group.strip().endswith(' nice {niceness}'):\n            \
                         return f'session of {{pid}}: {{group}}'\n    \
                 return 'ok'\n"
        );
        let grade = run_on(sandbox, &job(&look, PROBE_TESTS)).await;
        assert_eq!(
            grade.status,
            Status::Passed,
            "{name}: a later job saw the first one's /tmp, or ran at another priority: {grade:?}"
        );
        // It took one of those waiting; another was started in its place.
        assert_eq!((backend.taken)(), 1, "{name}");
        waiting_at_least(&backend, before).await;
        // A job of another shape (a larger memory limit) starts its own sandbox.
        let other = Job {
            memory_limit_mb: 96,
            ..job(&look, PROBE_TESTS)
        };
        let grade = run_on(sandbox, &other).await;
        assert_eq!(grade.status, Status::Passed, "{name}: {grade:?}");
        assert_eq!(
            (backend.taken)(),
            1,
            "{name}: no sandbox of that shape waited"
        );
        // Closing takes every waiting one down.
        sandbox.close().await;
        assert_eq!((backend.waiting)(), 0, "{name}");
        if name == "docker" {
            leftovers::no_sandbox_container_stays()
                .await
                .unwrap_or_else(|error| panic!("after close: {error}"));
        }
    }
}
