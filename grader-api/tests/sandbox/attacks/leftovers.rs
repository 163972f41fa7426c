//! What a run must not leave behind: processes and sandbox containers.
//!
//! Both checks wait a bounded time for cleanup that is already under way (a container
//! removal, a reaped process) and fail only on what is still there afterwards, so they do
//! not depend on how fast the machine is.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use bollard::query_parameters::ListContainersOptions;
use bollard::Docker;

/// The process-name prefix attacks give themselves (`prctl(PR_SET_NAME)`) so the host can
/// find them: the host sees every sandbox's processes, whatever namespace they are in.
const MARKER: &str = "cp-attack";
/// How long cleanup that is already under way may take.
const GRACE: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(200);

/// The host's processes whose name starts with [`MARKER`].
fn marked_processes() -> Vec<String> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let pid = entry.file_name().to_string_lossy().into_owned();
            pid.chars().all(|c| c.is_ascii_digit()).then_some(pid)
        })
        .filter_map(|pid| {
            let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).ok()?;
            name.starts_with(MARKER)
                .then(|| format!("{pid} {}", name.trim_end()))
        })
        .collect()
}

/// Every process an attack marked is dead (once finished runs are cleaned up).
pub(crate) async fn no_marked_process() -> Result<(), String> {
    let deadline = tokio::time::Instant::now() + GRACE;
    loop {
        let alive = marked_processes();
        if alive.is_empty() {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(format!("attack processes outlived their run: {alive:?}"));
        }
        tokio::time::sleep(POLL).await;
    }
}

async fn sandbox_containers(docker: &Docker) -> Result<HashSet<String>, String> {
    let options = ListContainersOptions {
        all: true,
        filters: Some(HashMap::from([(
            "label".to_owned(),
            // Only this process's containers: other graders or test runs may share the
            // engine, and a killed grader's containers are the reaper's business.
            vec![format!(
                "code-platform.sandbox.owner={}",
                grader_api::sandbox::docker::container_owner()
            )],
        )])),
        ..Default::default()
    };
    let containers = docker
        .list_containers(Some(options))
        .await
        .map_err(|error| format!("listing containers: {error}"))?;
    Ok(containers.into_iter().filter_map(|c| c.id).collect())
}

/// No sandbox container that exists now is still there after [`GRACE`]. Other tests of
/// this binary may be running containers right now; theirs end within their own limits.
pub(crate) async fn no_sandbox_container_stays() -> Result<(), String> {
    let docker = Docker::connect_with_local_defaults().map_err(|error| error.to_string())?;
    let existing = sandbox_containers(&docker).await?;
    let deadline = tokio::time::Instant::now() + GRACE;
    loop {
        let now = sandbox_containers(&docker).await?;
        let left: Vec<&String> = existing.intersection(&now).collect();
        if left.is_empty() {
            return Ok(());
        }
        if tokio::time::Instant::now() >= deadline {
            return Err(format!("sandbox containers left behind: {left:?}"));
        }
        tokio::time::sleep(POLL).await;
    }
}
