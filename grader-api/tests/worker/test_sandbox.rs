//! A deterministic stand-in for the real sandbox, for testing the worker's queue logic.
//! The lead's end-to-end tests prove the real sandboxes.
//!
//! It grades by the submitted code: code containing `crash` is a platform failure,
//! `fail` fails the tests, anything else passes; `nul` puts NUL in every text field and
//! `refuse me` in the feedback. It counts runs and the most runs it
//! saw at once, and can hold runs at a barrier until enough run together.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use contract::{Status, TestResult, Verdict};
use grader_api::sandbox::{BoxFuture, Grade, Job, Sandbox};
use tokio::sync::{Barrier, Semaphore};

#[derive(Default)]
pub(crate) struct TestSandbox {
    pub(crate) runs: AtomicUsize,
    pub(crate) max_running: AtomicUsize,
    running: AtomicUsize,
    /// Runs wait here until this many are running at once.
    barrier: Option<Barrier>,
    /// Runs wait here for a permit from [`TestSandbox::release`].
    gate: Option<Semaphore>,
    sick: AtomicBool,
}

impl TestSandbox {
    pub(crate) fn new() -> TestSandbox {
        TestSandbox::default()
    }

    /// A sandbox whose runs proceed only in groups of `n` running together.
    pub(crate) fn with_barrier(n: usize) -> TestSandbox {
        TestSandbox {
            barrier: Some(Barrier::new(n)),
            ..TestSandbox::default()
        }
    }

    /// A sandbox whose runs wait until [`TestSandbox::release`] lets them finish.
    pub(crate) fn gated() -> TestSandbox {
        TestSandbox {
            gate: Some(Semaphore::new(0)),
            ..TestSandbox::default()
        }
    }

    /// Lets one waiting (or future) run of a gated sandbox finish.
    pub(crate) fn release(&self) {
        if let Some(gate) = &self.gate {
            gate.add_permits(1);
        }
    }

    /// Makes `check` fail, as when Docker is down.
    pub(crate) fn set_sick(&self, sick: bool) {
        self.sick.store(sick, Ordering::SeqCst);
    }

    pub(crate) fn runs(&self) -> usize {
        self.runs.load(Ordering::SeqCst)
    }

    async fn grade(&self, job: &Job) -> anyhow::Result<Grade> {
        if let Some(barrier) = &self.barrier {
            barrier.wait().await;
        }
        if let Some(gate) = &self.gate {
            gate.acquire().await.expect("gate is never closed").forget();
        }
        if job.code.contains("crash") {
            anyhow::bail!("test sandbox: simulated platform failure");
        }
        let passed = !job.code.contains("fail");
        if job.code.contains("nul") || job.code.contains("refuse me") {
            // What a hostile submission's output can put in every text field.
            let marker = if job.code.contains("nul") {
                "\0"
            } else {
                "refuse me"
            };
            return Ok(Grade {
                status: Status::Failed,
                verdict: Some(Verdict::TestsFailed),
                tests: vec![TestResult {
                    name: "test_greets".into(),
                    passed: false,
                    message: Some("\0\0".into()),
                    duration_ms: None,
                }],
                feedback: format!("printed {marker} here"),
                duration: Duration::from_millis(12),
            });
        }
        Ok(Grade {
            status: if passed {
                Status::Passed
            } else {
                Status::Failed
            },
            verdict: (!passed).then_some(Verdict::TestsFailed),
            tests: vec![TestResult {
                name: "test_greets".into(),
                passed,
                message: Some(if passed {
                    String::new()
                } else {
                    "'hi' != 'Hello'".into()
                }),
                duration_ms: Some(3),
            }],
            feedback: if passed {
                "All tests passed.".into()
            } else {
                "1 of 1 tests failed.".into()
            },
            duration: Duration::from_millis(12),
        })
    }
}

impl Sandbox for TestSandbox {
    fn run<'a>(&'a self, job: &'a Job) -> BoxFuture<'a, anyhow::Result<Grade>> {
        Box::pin(async move {
            self.runs.fetch_add(1, Ordering::SeqCst);
            let now = self.running.fetch_add(1, Ordering::SeqCst) + 1;
            self.max_running.fetch_max(now, Ordering::SeqCst);
            let grade = self.grade(job).await;
            self.running.fetch_sub(1, Ordering::SeqCst);
            grade
        })
    }

    fn name(&self) -> &'static str {
        "test"
    }

    fn check<'a>(&'a self) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            if self.sick.load(Ordering::SeqCst) {
                anyhow::bail!("test sandbox is sick");
            }
            Ok(())
        })
    }
}
