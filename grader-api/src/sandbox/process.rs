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
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use contract::Verdict;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::{Child, ChildStdin, ChildStdout};
use tokio::task::JoinHandle;
use tracing::instrument;

use super::protocol::{self, START_SLACK, STDERR_LIMIT, STDOUT_SLACK};
use super::warm::{Claim, Pool, Shape, READY_LINE, READY_WAIT};
use super::{report, BoxFuture, Grade, Job, Sandbox};
use cgroup::RunCgroup;
use pipes::{read_bounded, read_capped, Output};
use uids::UidLease;
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
    /// How many sandboxes may wait started for the next jobs (see [`super::warm`]); 0
    /// starts each one when its job arrives.
    pub warm: usize,
}

impl Default for ProcessSettings {
    fn default() -> Self {
        ProcessSettings {
            rootfs: default_rootfs(),
            runner_dir: default_runner_dir(),
            output_limit_bytes: 64 * 1024,
            tmp_size_bytes: 16 * MIB,
            warm: 4,
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
pub struct ProcessSandbox {
    settings: Arc<ProcessSettings>,
    /// Sandboxes started for the next jobs (see [`super::warm`]).
    warm: Arc<Pool<Started>>,
}

/// A run's sandbox, started and waiting for its request on stdin: the runner is up, its
/// imports done, its signals ignored and its memory hidden. It runs one job, then
/// [`Started::retire`] takes everything of it down.
struct Started {
    child: Child,
    /// Taken when the request is written, and closed after it.
    stdin: Option<ChildStdin>,
    stdout: ChildStdout,
    /// Stderr is drained on the side, so that neither pipe can stall the other.
    stderr: JoinHandle<Vec<u8>>,
    lease: UidLease,
    group: Option<RunCgroup>,
    workdir: WorkDir,
}

impl Started {
    /// Everything of a run of `shape` but its request.
    async fn start(settings: &ProcessSettings, shape: &Shape) -> anyhow::Result<Started> {
        let rootfs = super::rootfs_for(&settings.rootfs, shape.language);
        anyhow::ensure!(
            rootfs.join("usr/bin/python3").exists(),
            "the {} rootfs {} is missing (./platform image makes it)",
            shape.language.name,
            rootfs.display()
        );
        let seccomp = filter::ensure()?;
        let lease = uids::lease()?;
        let memory = (shape.memory_mb + command::RUNNER_OVERHEAD_MB) * MIB;
        let group_name = format!("run-{}", uuid::Uuid::new_v4());
        let group = RunCgroup::create(&group_name, memory, command::PIDS_LIMIT)?;
        let workdir = WorkDir::create(&group_name, settings.tmp_size_bytes).await?;
        let run = command::Run {
            uid: lease.uid,
            cgroup: group.as_ref(),
            workdir: workdir.path(),
            seccomp: &seccomp,
        };
        let mut child = command::build(settings, shape, &run)
            .spawn()
            .context("starting bwrap (is bubblewrap installed?)")?;
        let (stdin, stdout, stderr) = (
            child.stdin.take().context("the sandbox's stdin")?,
            child.stdout.take().context("the sandbox's stdout")?,
            child.stderr.take().context("the sandbox's stderr")?,
        );
        let mut stdout = stdout;
        ready(&mut stdout).await;
        Ok(Started {
            child,
            stdin: Some(stdin),
            stdout,
            stderr: tokio::spawn(read_bounded(stderr, STDERR_LIMIT)),
            lease,
            group,
            workdir,
        })
    }

    /// Whether it still waits (a runner that failed to start is gone).
    fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Stops the run and waits until none of its processes is alive; its tmpfs and cgroups
    /// are given back on the side.
    async fn retire(mut self) {
        stop(&mut self.child).await;
        reap::kill_all(self.lease.uid).await;
        let Started {
            lease,
            group,
            workdir,
            ..
        } = self;
        tokio::spawn(async move {
            workdir.remove().await;
            if let Some(group) = group {
                group.remove().await;
            }
            drop(lease);
        });
    }
}

impl ProcessSandbox {
    /// Nothing is checked yet; [`Sandbox::check`] does that.
    pub fn new(settings: ProcessSettings) -> Self {
        let warm = Arc::new(Pool::new(settings.warm));
        ProcessSandbox {
            settings: Arc::new(settings),
            warm,
        }
    }

    /// How many sandboxes wait, started, for their job.
    pub fn started_ahead(&self) -> usize {
        self.warm.waiting()
    }

    /// How many jobs ran in a sandbox started ahead of them (since this one was made).
    pub fn ran_started_ahead(&self) -> usize {
        self.warm.taken()
    }

    #[instrument(skip_all, fields(uid, warm))]
    async fn grade(&self, job: &Job) -> anyhow::Result<Grade> {
        let started = Instant::now();
        let shape = Shape::of(job);
        let (warm, unused) = self.warm.take_alive(&shape, Started::alive).await;
        retire_all(unused);
        tracing::Span::current().record("warm", warm.is_some());
        // The next jobs of this shape find one waiting.
        self.start_next(shape);
        let mut sandbox = match warm {
            Some(sandbox) => sandbox,
            None => Started::start(&self.settings, &shape).await?,
        };
        tracing::Span::current().record("uid", sandbox.lease.uid);
        let result = self.exchange(&mut sandbox, job, started).await;
        sandbox.retire().await;
        tracing::debug!(total_ms = started.elapsed().as_millis(), "sandbox run done");
        result
    }

    /// Starts sandboxes of `shape` for later jobs until enough wait or are starting.
    fn start_next(&self, shape: Shape) {
        while self.warm.claim_start(&shape) {
            let settings = self.settings.clone();
            let claim = Claim::new(self.warm.clone(), shape);
            tokio::spawn(async move {
                let sandbox = match Started::start(&settings, &shape).await {
                    Ok(sandbox) => Some(sandbox),
                    Err(error) => {
                        tracing::warn!(error = %format!("{error:#}"), "could not start a sandbox ahead");
                        None
                    }
                };
                retire_all(claim.arrived(sandbox));
            });
        }
    }

    async fn exchange(
        &self,
        sandbox: &mut Started,
        job: &Job,
        started: Instant,
    ) -> anyhow::Result<Grade> {
        let nonce = protocol::new_nonce();
        let request = protocol::request(job, &nonce, self.settings.output_limit_bytes)?;
        let cap = self.settings.output_limit_bytes + STDOUT_SLACK;
        let mut stdin = sandbox.stdin.take().context("the sandbox's stdin")?;
        let Started { child, stdout, .. } = sandbox;
        let exchange = async {
            // A sandbox that failed to start closes stdin early; its stderr says why.
            if stdin.write_all(&request).await.is_ok() {
                let _ = stdin.shutdown().await;
            }
            drop(stdin);
            read_capped(stdout, cap).await
        };
        let outcome = tokio::time::timeout(job.wall_limit() + START_SLACK, exchange).await;
        let stdout = match outcome {
            Err(_) => {
                stop(child).await;
                let feedback = protocol::time_limit_feedback(job);
                return Ok(report::failed(
                    Verdict::TimeLimit,
                    &feedback,
                    started.elapsed(),
                ));
            }
            Ok(Err(error)) => {
                stop(child).await;
                return Err(error).context("reading the sandbox's output");
            }
            Ok(Ok(Output::TooLong)) => {
                stop(child).await;
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
                stop(child).await;
                None
            }
        };
        let stderr = match tokio::time::timeout(EXIT_GRACE, &mut sandbox.stderr).await {
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
        if sandbox
            .group
            .as_ref()
            .is_some_and(RunCgroup::hit_memory_limit)
        {
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

/// Waits until the runner says it is set up. A runner that says something else, or nothing
/// in time, has failed to start; the exchange tells why (its stderr, its exit status).
async fn ready(stdout: &mut ChildStdout) {
    let mut line = [0u8; READY_LINE.len()];
    match tokio::time::timeout(READY_WAIT, stdout.read_exact(&mut line)).await {
        Ok(Ok(_)) if line == READY_LINE => {}
        _ => tracing::debug!("the runner did not say it was ready"),
    }
}

/// Compiles the runner's modules with the sandbox's own interpreter into the runner
/// directory's `__pycache__`, which the sandboxes then read (their mount is read-only, so a
/// sandbox never writes one): a third less CPU per sandbox start than compiling every
/// module at each start. Without it the runner still works, from its sources.
async fn compile_runner(settings: &ProcessSettings) {
    let rootfs = settings.rootfs.display().to_string();
    let runner = settings.runner_dir.display().to_string();
    let output = tokio::process::Command::new("bwrap")
        .args([
            "--ro-bind",
            &rootfs,
            "/",
            "--tmpfs",
            "/opt",
            "--bind",
            &runner,
        ])
        .args([
            "/opt/runner",
            "--proc",
            "/proc",
            "--dev",
            "/dev",
            "--unshare-net",
        ])
        .args([
            "--",
            "python3",
            "-I",
            "-m",
            "compileall",
            "-q",
            "/opt/runner",
        ])
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .output()
        .await;
    match output {
        Ok(output) if output.status.success() => {}
        Ok(output) => tracing::warn!(
            stderr = %String::from_utf8_lossy(&output.stderr),
            "could not compile the runner's modules; sandboxes start from their sources"
        ),
        Err(error) => tracing::warn!(%error, "could not compile the runner's modules"),
    }
}

/// Retires sandboxes nobody will use, on the side.
fn retire_all(sandboxes: Vec<Started>) {
    for sandbox in sandboxes {
        tokio::spawn(sandbox.retire());
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

    fn close<'a>(&'a self) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            for sandbox in self.warm.drain() {
                sandbox.retire().await;
            }
        })
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
            // Once per process: every sandbox of it has the same runner.
            static COMPILED: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
            COMPILED
                .get_or_init(|| compile_runner(&self.settings))
                .await;
            for tool in ["bwrap", "setsid", "prlimit", "setpriv", "mount"] {
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
