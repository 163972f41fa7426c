//! The sandbox container's specification and the guard that always removes it.

use std::collections::HashMap;

use bollard::models::{
    ContainerCreateBody, HostConfig, HostConfigCgroupnsModeEnum, HostConfigLogConfig,
    ResourcesUlimits,
};
use bollard::query_parameters::RemoveContainerOptions;
use bollard::Docker;

use super::{reaper, DockerSettings};
use crate::sandbox::seccomp;
use crate::sandbox::warm::Shape;

/// Memory for the trusted runner process on top of the learner's own limit, which the
/// runner enforces on its child with RLIMIT_AS.
const RUNNER_OVERHEAD_MB: i64 = 32;
const PIDS_LIMIT: i64 = 64;
/// A background job's CPU weight: a sixteenth of a learner's job's.
const BACKGROUND_CPU_SHARES: i64 = 64;
const MIB: i64 = 1024 * 1024;
/// The writable /tmp: small, no executables or devices, and few inodes, so neither a flood of
/// data nor one of empty files can grow it (tmpfs counts against the memory limit too).
const TMPFS_OPTIONS: &str = "rw,noexec,nosuid,nodev,size=16m,nr_inodes=4096,mode=1777";
/// Open files per process, for the runner; the learner's process has a lower bound of its own.
const OPEN_FILES: i64 = 256;

/// The first of the uids containers run under.
const FIRST_UID: u32 = 300_000;
/// How many there are to pick from.
const UID_COUNT: u32 = 1 << 20;

/// A uid of the container's own, picked at random: RLIMIT_NPROC counts the processes of a
/// uid across the whole host, so under one shared uid (nobody's) a run that starts
/// processes would use up the others' allowance (a runtime's threads, a compiler's
/// helpers). Two of the few containers that run at once share one once in ~10^5 jobs,
/// and then only their process count. The image's files are root's and world-readable;
/// the uid needs no account.
fn run_uid() -> u32 {
    FIRST_UID + rand::random::<u32>() % UID_COUNT
}

/// A throwaway container: no network, read-only root, a small tmpfs and nothing else
/// writable, a uid of its own, no capabilities, no privilege gain, our own seccomp profile, a
/// private cgroup namespace, and memory, pids and CPU limits. `ahead`: started before its
/// job (it may wait for one, see `warm`).
pub(super) fn body(settings: &DockerSettings, shape: &Shape, ahead: bool) -> ContainerCreateBody {
    let memory =
        (i64::try_from(shape.memory_mb).unwrap_or(i64::MAX / MIB / 2) + RUNNER_OVERHEAD_MB) * MIB;
    let host_config = HostConfig {
        network_mode: Some("none".to_owned()),
        readonly_rootfs: Some(true),
        tmpfs: Some(HashMap::from([(
            "/tmp".to_owned(),
            TMPFS_OPTIONS.to_owned(),
        )])),
        memory: Some(memory),
        // Equal to `memory`: no swap, so a memory hog is stopped instead of slowed down.
        memory_swap: Some(memory),
        pids_limit: Some(PIDS_LIMIT),
        nano_cpus: Some((settings.cpus * 1e9) as i64),
        // The CPU's relative weight when jobs compete (Docker's default is 1024).
        cpu_shares: Some(if shape.background {
            BACKGROUND_CPU_SHARES
        } else {
            1024
        }),
        cap_drop: Some(vec!["ALL".to_owned()]),
        security_opt: Some(vec![
            "no-new-privileges".to_owned(),
            // The daemon takes the profile's text itself (the CLI reads a file into this).
            format!("seccomp={}", seccomp::docker_profile()),
        ]),
        // No /dev/shm: a second tmpfs beside /tmp that its bounds would not cover.
        ipc_mode: Some("none".to_owned()),
        // The container's cgroup path (its 64-hex id) shows as `/` in /proc/*/cgroup.
        cgroupns_mode: Some(HostConfigCgroupnsModeEnum::PRIVATE),
        ulimits: Some(vec![
            ulimit("nofile", OPEN_FILES),
            ulimit("core", 0),
            // POSIX message queues are the other store the kernel offers without a file:
            // with no bytes to spend, /dev/mqueue and mq_open can create nothing.
            ulimit("msgqueue", 0),
        ]),
        // Under host memory pressure, a sandbox is what the kernel kills first.
        oom_score_adj: Some(1000),
        // The output is read over the attach stream; a logging driver would keep a second
        // copy on the host's disk that a flood could grow.
        log_config: Some(HostConfigLogConfig {
            typ: Some("none".to_owned()),
            config: None,
        }),
        runtime: settings.runtime.clone(),
        // We remove the container ourselves, after reading what we need from it.
        auto_remove: Some(false),
        ..Default::default()
    };
    ContainerCreateBody {
        image: Some(crate::sandbox::image_for(&settings.image, shape.language)),
        cmd: Some(
            ["python3", "-I", "/opt/runner/runner.py"]
                .iter()
                .chain(shape.runner_args())
                .map(|arg| (*arg).to_owned())
                .collect(),
        ),
        user: Some(format!("{uid}:{uid}", uid = run_uid())),
        // A fixed name instead of the container id, which would tell the code where it runs.
        hostname: Some("sandbox".to_owned()),
        working_dir: Some("/tmp".to_owned()),
        network_disabled: Some(true),
        attach_stdin: Some(true),
        attach_stdout: Some(true),
        attach_stderr: Some(true),
        open_stdin: Some(true),
        // Closing our end of the attached stdin closes the runner's stdin: it reads to EOF.
        stdin_once: Some(true),
        tty: Some(false),
        labels: Some(HashMap::from([
            (reaper::LABEL.to_owned(), "1".to_owned()),
            (reaper::OWNER_LABEL.to_owned(), reaper::owner()),
            (
                reaper::EXPIRES_LABEL.to_owned(),
                reaper::expires_at(shape, ahead).to_string(),
            ),
        ])),
        host_config: Some(host_config),
        ..Default::default()
    }
}

fn ulimit(name: &str, value: i64) -> ResourcesUlimits {
    ResourcesUlimits {
        name: Some(name.to_owned()),
        soft: Some(value),
        hard: Some(value),
    }
}

/// Removes the container when the run ends, however it ends.
///
/// The normal path awaits [`Removal::remove`]; if the run's future is dropped instead
/// (cancelled, panicked), `Drop` still removes the container from a spawned task.
pub(super) struct Removal {
    docker: Docker,
    id: Option<String>,
}

impl Removal {
    pub(super) fn new(docker: Docker, id: String) -> Self {
        Removal {
            docker,
            id: Some(id),
        }
    }

    pub(super) async fn remove(mut self) {
        if let Some(id) = self.id.take() {
            remove(&self.docker, &id).await;
        }
    }
}

impl Drop for Removal {
    fn drop(&mut self) {
        if let Some(id) = self.id.take() {
            let docker = self.docker.clone();
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                runtime.spawn(async move { remove(&docker, &id).await });
            } else {
                tracing::warn!(container = %id, "sandbox container left behind: no runtime to remove it");
            }
        }
    }
}

async fn remove(docker: &Docker, id: &str) {
    let options = RemoveContainerOptions {
        force: true,
        v: true,
        link: false,
    };
    if let Err(error) = docker.remove_container(id, Some(options)).await {
        tracing::warn!(container = %id, error = %error, "could not remove a sandbox container");
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::sandbox::Job;

    fn job(background: bool) -> Job {
        Job {
            code: String::new(),
            test_code: String::new(),
            module_name: "solution".into(),
            time_limit: Duration::from_secs(1),
            memory_limit_mb: 64,
            background,
            ..Job::default()
        }
    }

    #[test]
    fn a_background_job_gets_a_sixteenth_of_the_cpu_weight() {
        let settings = DockerSettings::default();
        let shares = |background| {
            body(&settings, &Shape::of(&job(background)), false)
                .host_config
                .unwrap()
                .cpu_shares
        };
        assert_eq!(shares(false), Some(1024));
        assert_eq!(shares(true), Some(BACKGROUND_CPU_SHARES));
        assert_eq!(BACKGROUND_CPU_SHARES * 16, 1024);
    }
}
