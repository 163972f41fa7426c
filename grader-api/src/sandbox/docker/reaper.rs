//! Removing sandbox containers whose grader died before it could remove them.
//!
//! A grader removes its containers on every path it controls, but a grader that is
//! SIGKILLed (or whose node loses power) cannot. Every sandbox container therefore
//! carries the time after which no grader can still be using it; any grader on the same
//! engine removes containers past that time.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bollard::query_parameters::{ListContainersOptions, RemoveContainerOptions};
use bollard::Docker;

use crate::sandbox::warm::{self, Shape};

/// Marks every sandbox container.
pub(super) const LABEL: &str = "code-platform.sandbox";
/// The process that created the container (`<hostname>-<pid>`), for operators and tests.
pub(super) const OWNER_LABEL: &str = "code-platform.sandbox.owner";
/// Unix seconds after which the container is certainly abandoned.
pub(super) const EXPIRES_LABEL: &str = "code-platform.sandbox.expires";

/// How often one grader looks for abandoned containers.
const REAP_EVERY: Duration = Duration::from_secs(60);

/// Longer than any grader waits for a sandbox (twice the limit plus 30 s, see `job.rs`),
/// and for one started ahead, longer than it may wait for its job too.
pub(super) fn expires_at(shape: &Shape, ahead: bool) -> u64 {
    let waiting = if ahead { warm::MAX_IDLE.as_secs() } else { 0 };
    unix_now() + waiting + (shape.wall_limit * 2).as_secs() + 120
}

/// The owner label's value for this process.
pub fn owner() -> String {
    crate::host::host_and_pid().to_owned()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs())
}

/// Reaps at most once per [`REAP_EVERY`], in the background, so no job waits for it.
#[derive(Debug, Default)]
pub(super) struct Reaper {
    last_run: AtomicU64,
}

impl Reaper {
    pub(super) fn maybe_run(&self, docker: &Docker) {
        let now = unix_now();
        let last = self.last_run.load(Ordering::Relaxed);
        if now < last + REAP_EVERY.as_secs() {
            return;
        }
        if self
            .last_run
            .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
            .is_err()
        {
            return;
        }
        let docker = docker.clone();
        tokio::spawn(async move {
            match reap_expired(&docker).await {
                Ok(0) => {}
                Ok(removed) => tracing::warn!(removed, "removed abandoned sandbox containers"),
                Err(err) => {
                    tracing::warn!(error = %err, "looking for abandoned sandbox containers failed")
                }
            }
        });
    }
}

/// Removes every sandbox container past its expiry; returns how many.
pub async fn reap_expired(docker: &Docker) -> Result<usize, bollard::errors::Error> {
    let options = ListContainersOptions {
        all: true,
        filters: Some(HashMap::from([(
            "label".to_owned(),
            vec![LABEL.to_owned()],
        )])),
        ..Default::default()
    };
    let now = unix_now();
    let mut removed = 0;
    for container in docker.list_containers(Some(options)).await? {
        let expires = container
            .labels
            .as_ref()
            .and_then(|labels| labels.get(EXPIRES_LABEL))
            .and_then(|value| value.parse::<u64>().ok());
        // Containers from before expiry labels existed count as expired.
        if expires.is_some_and(|expires| expires > now) {
            continue;
        }
        let Some(id) = container.id else { continue };
        let force = RemoveContainerOptions {
            force: true,
            ..Default::default()
        };
        match docker.remove_container(&id, Some(force)).await {
            Ok(()) => removed += 1,
            Err(err) => tracing::debug!(error = %err, "removing an abandoned container"),
        }
    }
    Ok(removed)
}
