//! Running jobs in the real sandboxes, on every backend the tests are asked to cover.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use grader_api::sandbox::{
    DockerSandbox, DockerSettings, Grade, Job, ProcessSandbox, ProcessSettings, Sandbox,
};

/// The backends under test: `TEST_SANDBOX` is a comma-separated list of `docker` and
/// `process`, default both. Each one listed must work (its `check` passes), so a broken
/// backend fails the tests instead of being skipped silently.
pub(crate) async fn backends() -> Vec<Arc<dyn Sandbox>> {
    let wanted = std::env::var("TEST_SANDBOX").unwrap_or_else(|_| "docker,process".to_owned());
    let mut backends = Vec::new();
    for name in wanted.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let sandbox = match name {
            "docker" => docker(),
            "process" => process(),
            other => panic!("TEST_SANDBOX lists {other:?}; known backends: docker, process"),
        };
        sandbox
            .check()
            .await
            .unwrap_or_else(|error| panic!("the {name} sandbox does not work: {error:#}"));
        backends.push(sandbox);
    }
    assert!(!backends.is_empty(), "TEST_SANDBOX names no backend");
    backends
}

/// A process sandbox of its own for each test (`GRADER_ROOTFS`, default this checkout's):
/// the sandboxes it starts ahead belong to the test's runtime.
fn process() -> Arc<dyn Sandbox> {
    let mut settings = ProcessSettings::default();
    if let Ok(rootfs) = std::env::var("GRADER_ROOTFS") {
        settings.rootfs = rootfs.into();
    }
    Arc::new(ProcessSandbox::new(settings))
}

/// One docker sandbox for the whole binary (`GRADER_IMAGE`, default the platform's image).
fn docker() -> Arc<dyn Sandbox> {
    static SANDBOX: OnceLock<Arc<DockerSandbox>> = OnceLock::new();
    SANDBOX
        .get_or_init(|| {
            let image = std::env::var("GRADER_IMAGE")
                .unwrap_or_else(|_| "code-platform/grader:latest".to_owned());
            // None started ahead: this one is shared by every test of the binary, each
            // on a runtime of its own, and the leftover checks count every container of
            // this process (`warm.rs` tests the containers started ahead).
            let settings = DockerSettings {
                image,
                warm: 0,
                ..DockerSettings::default()
            };
            Arc::new(DockerSandbox::new(settings).expect("a Docker client"))
        })
        .clone()
}

pub(crate) fn job(code: &str, test_code: &str) -> Job {
    Job {
        code: code.to_owned(),
        test_code: test_code.to_owned(),
        module_name: "solution".to_owned(),
        time_limit: Duration::from_secs(2),
        memory_limit_mb: 64,
        background: false,
        ..Job::default()
    }
}

/// Runs `job` on `sandbox`, which must not fail as a platform.
pub(crate) async fn run_on(sandbox: &dyn Sandbox, job: &Job) -> Grade {
    sandbox
        .run(job)
        .await
        .unwrap_or_else(|error| panic!("the {} sandbox runs the job: {error:#}", sandbox.name()))
}

/// Runs `job` on every backend, returning each backend's name with its grade.
pub(crate) async fn run_all(job: &Job) -> Vec<(&'static str, Grade)> {
    let mut grades = Vec::new();
    for sandbox in backends().await {
        grades.push((sandbox.name(), run_on(sandbox.as_ref(), job).await));
    }
    grades
}

/// Hidden tests that call `probe()` and expect it to return `"ok"`.
pub(crate) const PROBE_TESTS: &str = "
import unittest
from solution import probe

class Probe(unittest.TestCase):
    def test_probe(self):
        self.assertEqual(probe(), 'ok')
";

pub(crate) const HELLO_TESTS: &str = "
import unittest
from solution import hello

class HelloTest(unittest.TestCase):
    def test_returns_hello(self):
        self.assertEqual(hello(), 'Hello')
";
