//! The `docker` backend: one throwaway container per job, from the grader image.
//!
//! The happy path is one create, attach, start and the attached output running to its end;
//! the container is then removed (also on errors, timeouts and cancellation). The request,
//! with a fresh nonce, goes in on stdin; the verdict is the runner's nonce-tagged result
//! line, read by [`super::report`]. Docker API failures are `Err` (the platform's fault);
//! everything the submission can cause is a [`Grade`].

mod container;
mod reaper;

pub use reaper::{owner as container_owner, reap_expired};

use std::time::Instant;

use anyhow::Context;
use bollard::container::LogOutput;
use bollard::query_parameters::{
    AttachContainerOptions, CreateContainerOptions, InspectContainerOptions, StartContainerOptions,
    WaitContainerOptions,
};
use bollard::Docker;
use contract::Verdict;
use futures::StreamExt;
use tokio::io::AsyncWriteExt;
use tracing::instrument;

use super::protocol::{self, START_SLACK, STDERR_LIMIT, STDOUT_SLACK};
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
}

impl Default for DockerSettings {
    fn default() -> Self {
        DockerSettings {
            image: "code-platform/grader:latest".to_owned(),
            runtime: None,
            cpus: 1.0,
            output_limit_bytes: 64 * 1024,
        }
    }
}

/// Runs jobs in Docker containers; cheap to share behind an `Arc`.
pub struct DockerSandbox {
    docker: Docker,
    settings: DockerSettings,
    reaper: reaper::Reaper,
}

/// What the attached output stream delivered before it ended.
enum Output {
    Ended { stdout: Vec<u8>, stderr: Vec<u8> },
    TooLong,
}

impl DockerSandbox {
    /// Connects to the local Docker engine (`DOCKER_HOST` or the default socket). Nothing
    /// is contacted yet; [`Sandbox::check`] does that.
    pub fn new(settings: DockerSettings) -> anyhow::Result<Self> {
        let docker = Docker::connect_with_local_defaults().context("connecting to Docker")?;
        Ok(DockerSandbox {
            docker,
            settings,
            reaper: reaper::Reaper::default(),
        })
    }

    #[instrument(skip_all, fields(image = %self.settings.image))]
    async fn grade(&self, job: &Job) -> anyhow::Result<Grade> {
        let started = Instant::now();
        self.reaper.maybe_run(&self.docker);
        let body = container::body(&self.settings, job);
        let id = self
            .docker
            .create_container(None::<CreateContainerOptions>, body)
            .await
            .with_context(|| {
                let image = super::image_for(&self.settings.image, job.language);
                format!("creating a container from {image}")
            })?
            .id;
        let created_ms = started.elapsed().as_millis();
        let removal = Removal::new(self.docker.clone(), id.clone());
        let result = self.run_container(&id, job, started).await;
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
            created_ms,
            total_ms = started.elapsed().as_millis(),
            "sandbox container done"
        );
        result
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

    async fn run_container(&self, id: &str, job: &Job, started: Instant) -> anyhow::Result<Grade> {
        let attach = AttachContainerOptions {
            stdin: true,
            stdout: true,
            stderr: true,
            stream: true,
            logs: false,
            detach_keys: None,
        };
        let mut attached = self
            .docker
            .attach_container(id, Some(attach))
            .await
            .context("attaching to the sandbox container")?;
        self.docker
            .start_container(id, None::<StartContainerOptions>)
            .await
            .context("starting the sandbox container")?;
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
