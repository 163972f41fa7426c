//! Running one submission against its hidden tests in a throwaway sandbox.
//!
//! The worker only sees the [`Sandbox`] trait. Backends (`docker` via bollard, and
//! `process` via Linux namespaces made by bubblewrap) run the in-sandbox test runner from
//! `grader-image/runner/` and turn what it reports into a [`Grade`].

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use contract::{Status, TestResult, Verdict};
use course::languages::{self, Language};
use wire::admin::IoCase;

pub mod docker;
pub mod process;
mod protocol;
pub mod report;
mod seccomp;
mod warm;

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
    /// The assignment's hidden tests in its language's test style (may be empty when it
    /// has `io_cases`). They never touch the sandbox's disk.
    pub test_code: String,
    /// A Python identifier that names no standard module (the API checks it, and the
    /// runner refuses such a name too).
    pub module_name: String,
    /// How the code is built and run (`grader-image/languages.toml`).
    pub language: &'static Language,
    /// stdin/stdout cases, one process each; their expected output stays in the runner.
    pub io_cases: Vec<IoCase>,
    /// Wall-clock limit of the hidden tests' run, and of each case.
    pub time_limit: Duration,
    pub memory_limit_mb: u32,
    /// Work nobody waits on (a regrade): the CPU goes to other jobs first, so learners'
    /// submissions on the same machine are not slowed by a thousand regrades.
    pub background: bool,
}

impl Job {
    /// How long the whole run may take: the build, the tests' run and every case, each
    /// under its own limit.
    pub fn wall_limit(&self) -> Duration {
        let runs = u32::from(!self.test_code.trim().is_empty())
            + u32::try_from(self.io_cases.len()).unwrap_or(u32::MAX);
        let build = if !self.builds() {
            Duration::ZERO
        } else {
            Duration::from_millis(self.language.build_time_limit_ms)
                * u32::try_from(self.language.build.len()).unwrap_or(u32::MAX)
        };
        build + self.time_limit * runs.max(1)
    }

    /// Whether the runner builds the code (checks or compiles it) before running cases.
    fn builds(&self) -> bool {
        !self.io_cases.is_empty() && !self.language.build.is_empty()
    }

    /// Memory the whole run may hold, the runner's own aside: the program's limit, or the
    /// build's when it is larger (a compiler needs more than most programs). The program
    /// itself stays bounded by its own limit (RLIMIT_AS, or the runtime's heap limit).
    pub fn run_memory_mb(&self) -> u64 {
        let program = u64::from(self.memory_limit_mb);
        let program = if self.builds() {
            program.max(self.language.build_memory_limit_mb)
        } else {
            program
        };
        if self.test_code.trim().is_empty() {
            program
        } else {
            // A tests' process of its own (node:test) lives beside the learner's.
            program + self.language.tests_memory_mb
        }
    }

    /// The address space the whole run may map, the runner's own aside: the program's
    /// (with its runtime's slack), or the build's when it is larger.
    pub fn run_address_space_mb(&self) -> u64 {
        let slack = self.language.address_space_slack_mb;
        let program = u64::from(self.memory_limit_mb) + slack;
        if self.builds() {
            program.max(self.language.build_memory_limit_mb + slack)
        } else {
            program
        }
    }
}

impl Default for Job {
    /// An empty Python job with the API's default limits, for tests to fill in.
    fn default() -> Job {
        Job {
            code: String::new(),
            test_code: String::new(),
            module_name: "solution".to_owned(),
            language: languages::get("python").expect("python is a language"),
            io_cases: Vec::new(),
            time_limit: Duration::from_secs(5),
            memory_limit_mb: 128,
            background: false,
        }
    }
}

/// `language`'s sandbox image, derived from the Python one (`image`): the same repository
/// with `-<language>` appended, and the same tag (`grader-image/languages.sh image`).
pub fn image_for(image: &str, language: &Language) -> String {
    if language.name == "python" {
        return image.to_owned();
    }
    let last = image.rsplit('/').next().unwrap_or(image);
    let (repository, tag) = match last.rsplit_once(':') {
        Some((_, tag)) => (&image[..image.len() - tag.len() - 1], tag),
        None => (image, "latest"),
    };
    format!("{repository}-{}:{tag}", language.name)
}

/// `language`'s root filesystem for the process backend, beside the Python one (`rootfs`):
/// `<rootfs>-<language>` (`grader-image/languages.sh rootfs`).
pub fn rootfs_for(rootfs: &std::path::Path, language: &Language) -> std::path::PathBuf {
    if language.name == "python" {
        return rootfs.to_owned();
    }
    let mut name = rootfs.as_os_str().to_owned();
    name.push(format!("-{}", language.name));
    name.into()
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

    /// Takes down the sandboxes started ahead of jobs (on shutdown; later jobs start
    /// their own again).
    fn close<'a>(&'a self) -> BoxFuture<'a, ()> {
        Box::pin(async {})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_tests_have_memory_of_their_own_beside_the_learners() {
        let javascript = languages::get("javascript").unwrap();
        let cases_only = Job {
            language: javascript,
            memory_limit_mb: 128,
            ..Job::default()
        };
        assert_eq!(cases_only.run_memory_mb(), 128);
        let with_tests = Job {
            test_code: "test('x', () => {})".into(),
            ..cases_only
        };
        assert_eq!(with_tests.run_memory_mb(), 128 + javascript.tests_memory_mb);
        assert!(javascript.tests_memory_mb >= 128);
        let python = Job {
            test_code: "import unittest".into(),
            ..Job::default()
        };
        assert_eq!(python.run_memory_mb(), 128, "unittest runs in the runner");
    }

    #[test]
    fn each_language_has_its_image_and_rootfs_beside_pythons() {
        let cpp = languages::get("cpp").unwrap();
        let python = languages::get("python").unwrap();
        let image = |image| image_for(image, cpp);
        assert_eq!(
            image("code-platform/grader:latest"),
            "code-platform/grader-cpp:latest"
        );
        assert_eq!(
            image("localhost:5000/grader"),
            "localhost:5000/grader-cpp:latest"
        );
        assert_eq!(image("localhost:5000/g:t1"), "localhost:5000/g-cpp:t1");
        assert_eq!(image_for("g:t1", python), "g:t1");
        let rootfs = std::path::Path::new("/cache/rootfs");
        assert_eq!(
            rootfs_for(rootfs, cpp),
            std::path::Path::new("/cache/rootfs-cpp")
        );
        assert_eq!(rootfs_for(rootfs, python), rootfs);
    }
}
