//! The `docker` backend: one throwaway container per job, from the grader image.
//!
//! The happy path is one create, attach and start (usually done ahead of the job, see
//! [`super::warm`]: the runner then waits for its request), the request, and the attached
//! output running to its end; the container is then removed (also on errors, timeouts and
//! cancellation), after the verdict when it has exited by itself. The request,
//! with a fresh nonce, goes in on stdin; the verdict is the runner's nonce-tagged result
//! line, read by [`super::report`]. Docker API failures are `Err` (the platform's fault);
//! everything the submission can cause is a [`Grade`].

mod container;
mod reaper;

pub use reaper::{owner as container_owner, reap_expired};

use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use bollard::container::{AttachContainerResults, LogOutput};
use bollard::query_parameters::{
    AttachContainerOptions, CreateContainerOptions, InspectContainerOptions, StartContainerOptions,
    WaitContainerOptions,
};
use bollard::Docker;
use contract::Verdict;
use futures::{FutureExt, StreamExt};
use tokio::io::AsyncWriteExt;
use tracing::instrument;

use super::protocol::{self, START_SLACK, STDERR_LIMIT, STDOUT_SLACK};
use super::warm::{Claim, Pool, Shape, READY_LINE, READY_WAIT};
use super::{report, BoxFuture, Grade, Job, Sandbox};
use container::Removal;

/// How the docker backend runs containers.
#[derive(Debug, Clone)]
pub struct DockerSettings {
    /// The grader image, built by `grader-image/build.sh`.
    pub image: String,
    /// An OCI runtime registered with dockerd, e.g. `runsc` for gVisor; `None` for the default.
    pub runtime: Option<String>,
    /// CPUs per container.
    pub cpus: f64,
    /// How much the submission may print before it fails with `output_limit`.
    pub output_limit_bytes: usize,
    /// How many containers may wait started for the next jobs (see [`super::warm`]); 0
    /// creates each one when its job arrives.
    pub warm: usize,
}

impl Default for DockerSettings {
    fn default() -> Self {
        DockerSettings {
            image: "code-platform/grader:latest".to_owned(),
            runtime: None,
            cpus: 1.0,
            output_limit_bytes: 64 * 1024,
            warm: 4,
        }
    }
}

/// Runs jobs in Docker containers; cheap to share behind an `Arc`.
pub struct DockerSandbox {
    docker: Docker,
    settings: Arc<DockerSettings>,
    reaper: reaper::Reaper,
    /// Containers started for the next jobs (see [`super::warm`]).
    warm: Arc<Pool<Started>>,
}

/// What the attached output stream delivered before it ended.
enum Output {
    Ended { stdout: Vec<u8>, stderr: Vec<u8> },
    TooLong,
}

/// A job's container, created, attached and started, its runner set up and waiting for
/// the request on stdin. It runs one job; the [`Removal`] takes it down however it ends.
/// If the grader dies first, its attach connection closes the container's stdin
/// (`stdin_once`): the runner reads no request and exits, and the reaper removes it.
struct Started {
    id: String,
    attached: AttachContainerResults,
    removal: Removal,
}

impl Started {
    /// Everything of a run of `shape` but its request; `ahead`: before its job is known.
    async fn start(
        docker: &Docker,
        settings: &DockerSettings,
        shape: &Shape,
        ahead: bool,
    ) -> anyhow::Result<Started> {
        let body = container::body(settings, shape, ahead);
        let id = docker
            .create_container(None::<CreateContainerOptions>, body)
            .await
            .with_context(|| {
                let image = super::image_for(&settings.image, shape.language);
                format!("creating a container from {image}")
            })?
            .id;
        let removal = Removal::new(docker.clone(), id.clone());
        let attach = AttachContainerOptions {
            stdin: true,
            stdout: true,
            stderr: true,
            stream: true,
            logs: false,
            detach_keys: None,
        };
        let mut attached = docker
            .attach_container(&id, Some(attach))
            .await
            .context("attaching to the sandbox container")?;
        docker
            .start_container(&id, None::<StartContainerOptions>)
            .await
            .context("starting the sandbox container")?;
        ready(&mut attached.output).await;
        Ok(Started {
            id,
            attached,
            removal,
        })
    }

    /// Whether it still waits: its output has not ended (nor said anything unexpected).
    fn alive(&mut self) -> bool {
        self.attached.output.next().now_or_never().is_none()
    }
}

/// Reads the runner's ready line from the attached output. A runner that says something
/// else, or nothing in time, has failed to start; the exchange tells what became of it.
async fn ready<S>(output: &mut S)
where
    S: futures::Stream<Item = Result<LogOutput, bollard::errors::Error>> + Unpin,
{
    let said = tokio::time::timeout(READY_WAIT, async {
        let mut said = Vec::new();
        while said.len() < READY_LINE.len() {
            match output.next().await {
                Some(Ok(LogOutput::StdOut { message } | LogOutput::Console { message })) => {
                    said.extend_from_slice(&message);
                }
                Some(Ok(_)) => {}
                Some(Err(_)) | None => break,
            }
        }
        said
    })
    .await;
    if !matches!(said, Ok(said) if said == READY_LINE) {
        tracing::debug!("the sandbox container's runner did not say it was ready");
    }
}

impl DockerSandbox {
    /// Connects to the local Docker engine (`DOCKER_HOST` or the default socket). Nothing
    /// is contacted yet; [`Sandbox::check`] does that.
    pub fn new(settings: DockerSettings) -> anyhow::Result<Self> {
        let docker = Docker::connect_with_local_defaults().context("connecting to Docker")?;
        Ok(DockerSandbox {
            docker,
            warm: Arc::new(Pool::new(settings.warm)),
            settings: Arc::new(settings),
            reaper: reaper::Reaper::default(),
        })
    }

    /// How many containers wait, started, for their job.
    pub fn started_ahead(&self) -> usize {
        self.warm.waiting()
    }

    /// How many jobs ran in a container started ahead of them (since this one was made).
    pub fn ran_started_ahead(&self) -> usize {
        self.warm.taken()
    }

    #[instrument(skip_all, fields(image = %self.settings.image, warm))]
    async fn grade(&self, job: &Job) -> anyhow::Result<Grade> {
        let started = Instant::now();
        self.reaper.maybe_run(&self.docker);
        let shape = Shape::of(job);
        let (warm, unused) = self.warm.take_alive(&shape, Started::alive).await;
        retire_all(unused);
        tracing::Span::current().record("warm", warm.is_some());
        // The next jobs of this shape find one waiting.
        self.start_next(shape);
        let mut sandbox = match warm {
            Some(sandbox) => sandbox,
            None => Started::start(&self.docker, &self.settings, &shape, false).await?,
        };
        let ready_ms = started.elapsed().as_millis();
        let result = self.run_container(&mut sandbox, job, started).await;
        let Started { id, removal, .. } = sandbox;
        if matches!(&result, Ok(grade) if ended_by_itself(grade)) && self.exited(&id).await {
            // Every process of the run is gone: what is left is bookkeeping, which need not
            // keep the learner waiting for the verdict.
            tokio::spawn(removal.remove());
        } else {
            // It may still run (stopped at a limit, or a failure): gone before the grade is.
            removal.remove().await;
        }
        tracing::debug!(
            container = %&id[..12.min(id.len())],
            ready_ms,
            total_ms = started.elapsed().as_millis(),
            "sandbox container done"
        );
        result
    }

    /// Starts containers of `shape` for later jobs until enough wait or are starting.
    fn start_next(&self, shape: Shape) {
        while self.warm.claim_start(&shape) {
            let (docker, settings) = (self.docker.clone(), self.settings.clone());
            let claim = Claim::new(self.warm.clone(), shape);
            tokio::spawn(async move {
                let sandbox = match Started::start(&docker, &settings, &shape, true).await {
                    Ok(sandbox) => Some(sandbox),
                    Err(error) => {
                        tracing::warn!(error = %format!("{error:#}"), "could not start a sandbox container ahead");
                        None
                    }
                };
                retire_all(claim.arrived(sandbox));
            });
        }
    }

    /// Waits until the container is no longer running (its output ended, so it is
    /// exiting: the kernel is taking down its last processes); whether it said so.
    async fn exited(&self, id: &str) -> bool {
        let options = WaitContainerOptions {
            condition: "not-running".to_owned(),
        };
        let waited = self.docker.wait_container(id, Some(options)).next().await;
        matches!(
            waited,
            Some(Ok(_) | Err(bollard::errors::Error::DockerContainerWaitError { .. }))
        )
    }

    async fn run_container(
        &self,
        sandbox: &mut Started,
        job: &Job,
        started: Instant,
    ) -> anyhow::Result<Grade> {
        let id = sandbox.id.as_str();
        let attached = &mut sandbox.attached;
        let nonce = protocol::new_nonce();
        let request = protocol::request(job, &nonce, self.settings.output_limit_bytes)?;
        let cap = self.settings.output_limit_bytes + STDOUT_SLACK;
        let exchange = async {
            attached.input.write_all(&request).await?;
            attached.input.shutdown().await?;
            collect(&mut attached.output, cap).await
        };
        let output = match tokio::time::timeout(job.wall_limit() + START_SLACK, exchange).await {
            Err(_) => {
                let feedback = protocol::time_limit_feedback(job);
                return Ok(report::failed(
                    Verdict::TimeLimit,
                    &feedback,
                    started.elapsed(),
                ));
            }
            Ok(output) => output.context("talking to the sandbox container")?,
        };
        let (stdout, stderr) = match output {
            Output::TooLong => {
                return Ok(report::failed(
                    Verdict::OutputLimit,
                    protocol::OUTPUT_LIMIT_FEEDBACK,
                    started.elapsed(),
                ));
            }
            Output::Ended { stdout, stderr } => (stdout, stderr),
        };
        if let Some(grade) = report::parse(&String::from_utf8_lossy(&stdout), &nonce) {
            if grade.status == contract::Status::Error {
                tracing::warn!(stderr = %String::from_utf8_lossy(&stderr), "the test runner failed");
            }
            return Ok(grade);
        }
        // No valid result: only now is an inspect worth its time, to tell a memory kill
        // from a submission that stopped the runner.
        let state = self
            .docker
            .inspect_container(id, None::<InspectContainerOptions>)
            .await
            .context("inspecting the sandbox container")?
            .state
            .unwrap_or_default();
        tracing::debug!(exit_code = ?state.exit_code, oom_killed = ?state.oom_killed,
            stderr = %String::from_utf8_lossy(&stderr), "no valid result from the runner");
        if state.oom_killed == Some(true) {
            return Ok(report::failed(
                Verdict::MemoryLimit,
                protocol::MEMORY_LIMIT_FEEDBACK,
                started.elapsed(),
            ));
        }
        Ok(report::interrupted(started.elapsed()))
    }
}

/// Removes containers nobody will use, on the side.
fn retire_all(sandboxes: Vec<Started>) {
    for sandbox in sandboxes {
        tokio::spawn(sandbox.removal.remove());
    }
}

/// Whether a grade was given after the container's output ended, that is after it exited:
/// every outcome but the two where the grader stops reading first.
fn ended_by_itself(grade: &Grade) -> bool {
    !matches!(
        grade.verdict,
        Some(Verdict::TimeLimit | Verdict::OutputLimit)
    )
}

/// Reads the attached output to its end (the container's exit), keeping stdout up to `cap`.
async fn collect<S>(output: &mut S, cap: usize) -> anyhow::Result<Output>
where
    S: futures::Stream<Item = Result<LogOutput, bollard::errors::Error>> + Unpin,
{
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    while let Some(item) = output.next().await {
        match item? {
            LogOutput::StdOut { message } | LogOutput::Console { message } => {
                stdout.extend_from_slice(&message);
                if stdout.len() > cap {
                    return Ok(Output::TooLong);
                }
            }
            LogOutput::StdErr { message } => {
                let room = STDERR_LIMIT.saturating_sub(stderr.len());
                stderr.extend_from_slice(&message[..room.min(message.len())]);
            }
            LogOutput::StdIn { .. } => {}
        }
    }
    Ok(Output::Ended { stdout, stderr })
}

impl Sandbox for DockerSandbox {
    fn run<'a>(&'a self, job: &'a Job) -> BoxFuture<'a, anyhow::Result<Grade>> {
        Box::pin(self.grade(job))
    }

    fn name(&self) -> &'static str {
        "docker"
    }

    fn close<'a>(&'a self) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            for sandbox in self.warm.drain() {
                sandbox.removal.remove().await;
            }
        })
    }

    fn check<'a>(&'a self) -> BoxFuture<'a, anyhow::Result<()>> {
        Box::pin(async move {
            self.docker.ping().await.context("Docker does not answer")?;
            let image = &self.settings.image;
            self.docker.inspect_image(image).await.with_context(|| {
                format!("the grader image {image} is missing (build it with ./platform image)")
            })?;
            Ok(())
        })
    }
}
