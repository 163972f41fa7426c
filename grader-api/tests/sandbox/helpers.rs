//! Running jobs in the real docker sandbox.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use grader_api::sandbox::{DockerSandbox, DockerSettings, Grade, Job, Sandbox};

/// One sandbox for the whole binary, checked once: Docker must answer and the image exist.
pub(crate) async fn sandbox() -> Arc<DockerSandbox> {
    static SANDBOX: OnceLock<Arc<DockerSandbox>> = OnceLock::new();
    let sandbox = SANDBOX
        .get_or_init(|| {
            let image = std::env::var("GRADER_IMAGE")
                .unwrap_or_else(|_| "code-platform/grader:latest".to_owned());
            let settings = DockerSettings {
                image,
                ..DockerSettings::default()
            };
            Arc::new(DockerSandbox::new(settings).expect("a Docker client"))
        })
        .clone();
    sandbox
        .check()
        .await
        .expect("Docker and the grader image (run ./platform image)");
    sandbox
}

pub(crate) fn job(code: &str, test_code: &str) -> Job {
    Job {
        code: code.to_owned(),
        test_code: test_code.to_owned(),
        time_limit: Duration::from_secs(2),
        memory_limit_mb: 64,
    }
}

pub(crate) async fn run(job: &Job) -> Grade {
    sandbox()
        .await
        .run(job)
        .await
        .expect("the sandbox runs the job")
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
