//! Many submissions at once, more than the sandbox slots: each gets the verdict of its own
//! limits, so no limit is shared between runs or leaks from one run into the next.

use std::sync::Arc;
use std::time::Duration;

use contract::{Status, Verdict};
use grader_api::sandbox::{Job, Sandbox};
use tokio::sync::Semaphore;

use super::hidden_tests;
use crate::helpers::{backends, run_on};

/// Sandbox slots, as a worker would have them; [`cases`] holds three times as many jobs.
const SLOTS: usize = 4;

const ALLOCATE_100_MIB: &str =
    "def answer():\n    block = bytearray(100 * 1024 * 1024)\n    return 42 if len(block) else 0\n";
const SLEEP_1500_MS: &str = "import time\n\ndef answer():\n    time.sleep(1.5)\n    return 42\n";
const HONEST: &str = "def answer():\n    return 42\n";
const FLOOD: &str = "def answer():\n    while True:\n        print('x' * 1000)\n";
const LOUD_BUT_LEGAL: &str = "def answer():\n    print('y' * 50_000)\n    return 42\n";

/// (name, code, time limit, memory limit, expected verdict); `None` means passed.
fn cases() -> Vec<(&'static str, &'static str, u64, u32, Option<Verdict>)> {
    let memory_hog = Some(Verdict::MemoryLimit);
    let too_slow = Some(Verdict::TimeLimit);
    vec![
        (
            "100 MiB in 64 MiB #1",
            ALLOCATE_100_MIB,
            3000,
            64,
            memory_hog,
        ),
        ("100 MiB in 256 MiB #1", ALLOCATE_100_MIB, 3000, 256, None),
        ("sleep 1.5 s in 1 s #1", SLEEP_1500_MS, 1000, 128, too_slow),
        ("sleep 1.5 s in 4 s #1", SLEEP_1500_MS, 4000, 128, None),
        ("honest #1", HONEST, 3000, 128, None),
        ("flood", FLOOD, 3000, 128, Some(Verdict::OutputLimit)),
        (
            "100 MiB in 64 MiB #2",
            ALLOCATE_100_MIB,
            3000,
            64,
            memory_hog,
        ),
        ("100 MiB in 256 MiB #2", ALLOCATE_100_MIB, 3000, 256, None),
        ("sleep 1.5 s in 1 s #2", SLEEP_1500_MS, 1000, 128, too_slow),
        ("sleep 1.5 s in 4 s #2", SLEEP_1500_MS, 4000, 128, None),
        ("honest #2", HONEST, 3000, 128, None),
        ("loud but legal", LOUD_BUT_LEGAL, 3000, 128, None),
    ]
}

async fn run_concurrently(sandbox: Arc<dyn Sandbox>) -> Vec<String> {
    let slots = Arc::new(Semaphore::new(SLOTS));
    let tests = hidden_tests();
    let handles: Vec<_> = cases()
        .into_iter()
        .map(|(name, code, time_ms, memory_mb, verdict)| {
            let (sandbox, slots) = (sandbox.clone(), slots.clone());
            let job = Job {
                code: code.to_owned(),
                test_code: tests.clone(),
                module_name: "solution".to_owned(),
                time_limit: Duration::from_millis(time_ms),
                memory_limit_mb: memory_mb,
                background: false,
                ..Job::default()
            };
            tokio::spawn(async move {
                let _slot = slots.acquire_owned().await.expect("the semaphore is open");
                let grade = run_on(sandbox.as_ref(), &job).await;
                let status = if verdict.is_some() {
                    Status::Failed
                } else {
                    Status::Passed
                };
                ((grade.status, grade.verdict) != (status, verdict)).then(|| {
                    format!(
                        "[{}] {name}: expected {verdict:?}, got {:?}/{:?}: {}",
                        sandbox.name(),
                        grade.status,
                        grade.verdict,
                        grade.feedback
                    )
                })
            })
        })
        .collect();
    let mut problems = Vec::new();
    for handle in handles {
        problems.extend(handle.await.expect("the job's task did not panic"));
    }
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn more_jobs_than_slots_each_get_their_own_limits() {
    let mut problems = Vec::new();
    for sandbox in backends().await {
        problems.extend(run_concurrently(sandbox).await);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
