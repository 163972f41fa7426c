//! Running one submission against its hidden tests in a throwaway sandbox.
//!
//! The worker only sees the [`Sandbox`] trait. Backends (`docker` via bollard, and
//! `process` via Linux namespaces made by bubblewrap) run the in-sandbox test runner from
//! `grader-image/runner/` and turn what it reports into a [`Grade`].

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use contract::{Status, TestResult, Verdict};

pub mod docker;
pub mod process;
mod protocol;
pub mod report;
mod seccomp;

pub use docker::{DockerSandbox, DockerSettings};
pub use process::{ProcessSandbox, ProcessSettings};

/// Extra time a sandbox gets beyond twice a job's time limit before the grader stops
/// waiting for it (container start-up and clean-up included).
pub(crate) const SLACK: Duration = Duration::from_secs(30);

/// What to run and under which limits. Built from the submission and its assignment.
#[derive(Debug, Clone)]
pub struct Job {
    /// The learner's code, imported by the tests as the module `module_name`.
    pub code: String,
    /// The assignment's hidden `unittest` code. It never touches the sandbox's disk.
    pub test_code: String,
    /// A Python identifier that names no standard module (the API checks it, and the
    /// runner refuses such a name too).
    pub module_name: String,
    /// Wall-clock limit for the whole test run.
    pub time_limit: Duration,
    pub memory_limit_mb: u32,
    /// Work nobody waits on (a regrade): the CPU goes to other jobs first, so learners'
    /// submissions on the same machine are not slowed by a thousand regrades.
    pub background: bool,
}

/// The sandbox's verdict on a job.
#[derive(Debug, Clone, PartialEq)]
pub struct Grade {
    /// `Passed` or `Failed`; `Error` only when the runner itself misbehaved.
    pub status: Status,
    /// Set exactly when `status` is `Failed`.
    pub verdict: Option<Verdict>,
    pub tests: Vec<TestResult>,
    /// Human-readable summary for the learner: bounded, no host paths, no runner internals.
    pub feedback: String,
    /// Time spent running the tests, as the learner would understand it.
    pub duration: Duration,
}

/// A boxed future, so backends can live behind `Arc<dyn Sandbox>`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

pub trait Sandbox: Send + Sync {
    /// Runs `job` to completion. `Err` means the platform failed (Docker down, image
    /// missing...): the submission is retried, never blamed on the learner.
    fn run<'a>(&'a self, job: &'a Job) -> BoxFuture<'a, anyhow::Result<Grade>>;

    /// A short name for logs and `/ready` (e.g. `docker`).
    fn name(&self) -> &'static str;

    /// Whether the backend can run jobs right now (Docker reachable, image present).
    fn check<'a>(&'a self) -> BoxFuture<'a, anyhow::Result<()>>;
}
