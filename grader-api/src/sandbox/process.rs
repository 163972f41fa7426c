//! The `process` backend: each job in Linux namespaces made by bubblewrap, on the
//! debootstrap rootfs the grader image is built from, with rlimits, a host uid of its own
//! and, where the host has cgroup v1, a memory and pids group of its own.
//!
//! The request goes in on stdin and the verdict is the runner's nonce-tagged result line,
//! exactly as in the docker backend ([`super::protocol`], [`super::report`]). The wall
//! clock and the output cap are enforced here; after every run, however it ended, every
//! process of the run's uid is killed before the uid and the cgroups are given back.

mod cgroup;
mod command;
mod filter;
mod pipes;
mod reap;
mod uids;
mod workdir;

use std::path::PathBuf;
use std::process::ExitStatus;
use std::time::{Duration, Instant};

use anyhow::Context;
use contract::Verdict;
use tokio::io::AsyncWriteExt;
use tokio::process::Child;
use tracing::instrument;

use super::protocol::{self, START_SLACK, STDERR_LIMIT, STDOUT_SLACK};
use super::{report, BoxFuture, Grade, Job, Sandbox};
use cgroup::RunCgroup;
use pipes::{read_bounded, read_capped, Output};
use workdir::WorkDir;

/// How long the runner may take to exit after closing its stdout.
const EXIT_GRACE: Duration = Duration::from_secs(1);
const MIB: u64 = 1024 * 1024;

/// How the process backend runs jobs.
#[derive(Debug, Clone, PartialEq)]
pub struct ProcessSettings {
    /// The root filesystem with `python3`, mounted read-only as `/`.
    pub rootfs: PathBuf,
    /// The runner's directory (`grader-image/runner`), mounted read-only at `/opt/runner`.
    pub runner_dir: PathBuf,
    /// How much the submission may print before it fails with `output_limit`.
    pub output_limit_bytes: usize,
    /// The size of the writable `/tmp` (which also holds at most 4096 files), and the
    /// largest file a run may write.
    pub tmp_size_bytes: u64,
}

impl Default for ProcessSettings {
    fn default() -> Self {
        ProcessSettings {
            rootfs: default_rootfs(),
            runner_dir: default_runner_dir(),
            output_limit_bytes: 64 * 1024,
            tmp_size_bytes: 16 * MIB,
        }
    }
}

/// The rootfs `grader-image/build.sh` keeps in this checkout's cache.
pub fn default_rootfs() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../.platform/cache/rootfs"
    ))
}

/// The runner of this checkout.
pub fn default_runner_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../grader-image/runner"
    ))
}

/// Runs jobs under bubblewrap; cheap to share behind an `Arc`.
#[derive(Debug)]
pub struct ProcessSandbox {
    settings: ProcessSettings,
}

impl ProcessSandbox {
    /// Nothing is checked yet; [`Sandbox::check`] does that.
    pub fn new(settings: ProcessSettings) -> Self {
        ProcessSandbox { settings }
    }

    #[instrument(skip_all, fields(uid))]
    async fn grade(&self, job: &Job) -> anyhow::Result<Grade> {
        let started = Instant::now();
        let rootfs = super::rootfs_for(&self.settings.rootfs, job.language);
        anyhow::ensure!(
            rootfs.join("usr/bin/python3").exists(),
            "the {} rootfs {} is missing (./platform image makes it)",
            job.language.name,
            rootfs.display()
        );
        let seccomp = filter::ensure()?;
        let lease = uids::lease()?;
        tracing::Span::current().record("uid", lease.uid);
        let memory = (job.run_memory_mb() + command::RUNNER_OVERHEAD_MB) * MIB;
        let group_name = format!("run-{}", uuid::Uuid::new_v4());
        let group = RunCgroup::create(&group_name, memory, command::PIDS_LIMIT)?;
        let workdir = WorkDir::create(&group_name, self.settings.tmp_size_bytes).await?;
        let run = command::Run {
            uid: lease.uid,
            cgroup: group.as_ref(),
            workdir: workdir.path(),
            seccomp: &seccomp,
        };
        let result = self.run_child(job, &run, started).await;
        reap::kill_all(lease.uid).await;
        workdir.remove().await;
        if let Some(group) = group {
            group.remove().await;
        }
        tracing::debug!(total_ms = started.elapsed().as_millis(), "sandbox run done");
        result
    }

    async fn run_child(
        &self,
        job: &Job,
        run: &command::Run<'_>,
        started: Instant,
    ) -> anyhow::Result<Grade> {
        let group = run.cgroup;
        let mut child = command::build(&self.settings, job, run)
            .spawn()
            .context("starting bwrap (is bubblewrap installed?)")?;
        let (mut stdin, mut stdout, stderr) = (
            child.stdin.take().context("the sandbox's stdin")?,
            child.stdout.take().context("the sandbox's stdout")?,
            child.stderr.take().context("the sandbox's stderr")?,
        );
        // Stderr is drained on the side, so that neither pipe can stall the other.
        let stderr = tokio::spawn(read_bounded(stderr, STDERR_LIMIT));
        let nonce = protocol::new_nonce();
        let request = protocol::request(job, &nonce, self.settings.output_limit_bytes)?;
        let cap = self.settings.output_limit_bytes + STDOUT_SLACK;
        let exchange = async {
            // A sandbox that failed to start closes stdin early; its stderr says why.
            if stdin.write_all(&request).await.is_ok() {
                let _ = stdin.shutdown().await;
            }
            drop(stdin);
            read_capped(&mut stdout, cap).await
        };
        let outcome = tokio::time::timeout(job.wall_limit() + START_SLACK, exchange).await;
        let stdout = match outcome {
            Err(_) => {
                stop(&mut child).await;
                let feedback = protocol::time_limit_feedback(job);
                return Ok(report::failed(
                    Verdict::TimeLimit,
                    &feedback,
                    started.elapsed(),
                ));
            }
            Ok(Err(error)) => {
                stop(&mut child).await;
                return Err(error).context("reading the sandbox's output");
            }
            Ok(Ok(Output::TooLong)) => {
                stop(&mut child).await;
                let feedback = protocol::OUTPUT_LIMIT_FEEDBACK;
                return Ok(report::failed(
                    Verdict::OutputLimit,
                    feedback,
                    started.elapsed(),
                ));
            }
            Ok(Ok(Output::Ended(stdout))) => stdout,
        };
        let status = match tokio::time::timeout(EXIT_GRACE, child.wait()).await {
            Ok(status) => Some(status.context("waiting for bwrap")?),
            Err(_) => {
                stop(&mut child).await;
                None
            }
        };
        let stderr = match tokio::time::timeout(EXIT_GRACE, stderr).await {
            Ok(Ok(bytes)) => String::from_utf8_lossy(&bytes).into_owned(),
            _ => String::new(),
        };
        if let Some(grade) = report::parse(&String::from_utf8_lossy(&stdout), &nonce) {
            if grade.status == contract::Status::Error {
                tracing::warn!(%stderr, "the test runner failed");
            }
            return Ok(grade);
        }
        tracing::debug!(?status, %stderr, "no valid result from the runner");
        if group.is_some_and(RunCgroup::hit_memory_limit) {
            let feedback = protocol::MEMORY_LIMIT_FEEDBACK;
            return Ok(report::failed(
                Verdict::MemoryLimit,
                feedback,
                started.elapsed(),
            ));
        }
        if failed_to_start(status, &stderr) {
            anyhow::bail!("the process sandbox did not start: {}", stderr.trim());
        }
        Ok(report::interrupted(started.elapsed()))
    }
}

/// Whether the sandbox itself failed (bwrap, setpriv, prlimit or the cgroup entry) rather
/// than anything inside it. The submission's own output never reaches this stderr.
fn failed_to_start(status: Option<ExitStatus>, stderr: &str) -> bool {
    let tools = ["bwrap:", "setpriv:", "prlimit:", "sh:"];
    let code = status.and_then(|status| status.code());
    code == Some(125) || (code.is_some() && tools.iter().any(|tool| stderr.starts_with(tool)))
}

/// Kills bwrap, which takes its pid namespace and with it every process of the run.
async fn stop(child: &mut Child) {
    let _ = child.start_kill();
    let _ = child.wait().await;
}

impl Sandbox for ProcessSandbox {
    fn run<'a>(&'a self, job: &'a Job) -> BoxFuture<'a, anyhow::Result<Grade>> {
        Box::pin(self.grade(job))
    }

    fn name(&self) -> &'static str {
        "process"
    }

    fn check<'a>(&'a self) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            let rootfs = &self.settings.rootfs;
            let runner = &self.settings.runner_dir;
            anyhow::ensure!(
                rootfs.join("usr/bin/python3").exists(),
                "the rootfs {} has no python3 (build it with ./platform image)",
                rootfs.display()
            );
            anyhow::ensure!(
                runner.join("runner.py").is_file(),
                "the runner directory {} has no runner.py",
                runner.display()
            );
            // Mounting the run's tmpfs, its cgroups and the per-run uids all need root.
            anyhow::ensure!(
                reap::real_uid_of_self() == Some(0),
                "the process sandbox must run as root (it mounts, makes cgroups and drops to per-run uids)"
            );
            for tool in ["bwrap", "prlimit", "setpriv", "mount"] {
                let status = tokio::process::Command::new(tool)
                    .arg("--version")
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .status()
                    .await
                    .with_context(|| format!("{tool} is not installed"))?;
                anyhow::ensure!(status.success(), "{tool} --version failed");
            }
            Ok(())
        })
    }
}
