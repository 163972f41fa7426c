//! A cgroup v1 memory and pids group per run, where the host offers them.
//!
//! The memory group bounds everything the run holds, including the files it writes to its
//! tmpfs (tmpfs pages are charged to the writer's group), and tells a memory kill apart from
//! other deaths. The pids group bounds processes and threads of the run as a whole.
//! The groups are created before the run, joined by the sandbox's first process before it
//! executes anything else, and removed after every process of the run is gone.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;

const MEMORY_ROOT: &str = "/sys/fs/cgroup/memory";
const PIDS_ROOT: &str = "/sys/fs/cgroup/pids";
/// The parent group of every run, next to whatever else the host runs.
const PARENT: &str = "code-platform";

/// The groups of one run.
#[derive(Debug)]
pub(crate) struct RunCgroup {
    memory: PathBuf,
    pids: PathBuf,
}

impl RunCgroup {
    /// Creates the groups for run `name` with the given limits, or `None` when this host
    /// has no writable cgroup v1 memory and pids hierarchies (the rlimits still apply).
    pub(crate) fn create(
        name: &str,
        memory_bytes: u64,
        max_pids: u32,
    ) -> anyhow::Result<Option<Self>> {
        if !Path::new(MEMORY_ROOT).join("cgroup.procs").exists()
            || !Path::new(PIDS_ROOT).join("cgroup.procs").exists()
        {
            return Ok(None);
        }
        let memory = Path::new(MEMORY_ROOT).join(PARENT).join(name);
        let pids = Path::new(PIDS_ROOT).join(PARENT).join(name);
        for directory in [&memory, &pids] {
            if let Err(error) = std::fs::create_dir_all(directory) {
                if error.kind() == std::io::ErrorKind::PermissionDenied {
                    return Ok(None);
                }
                return Err(error).with_context(|| format!("creating {}", directory.display()));
            }
        }
        let group = RunCgroup { memory, pids };
        group.write(&group.memory, "memory.limit_in_bytes", memory_bytes)?;
        // With swap accounting on, the same bound for memory and swap: no swapping out of it.
        if group.memory.join("memory.memsw.limit_in_bytes").exists() {
            group.write(&group.memory, "memory.memsw.limit_in_bytes", memory_bytes)?;
        }
        group.write(&group.pids, "pids.max", max_pids)?;
        Ok(Some(group))
    }

    /// The `cgroup.procs` files the sandbox's first process writes its pid to.
    pub(crate) fn procs_files(&self) -> [PathBuf; 2] {
        [
            self.memory.join("cgroup.procs"),
            self.pids.join("cgroup.procs"),
        ]
    }

    /// Whether the kernel refused the run memory or killed it for its memory use.
    pub(crate) fn hit_memory_limit(&self) -> bool {
        let failcnt = std::fs::read_to_string(self.memory.join("memory.failcnt"))
            .ok()
            .and_then(|text| text.trim().parse::<u64>().ok())
            .unwrap_or(0);
        let oom_kills = std::fs::read_to_string(self.memory.join("memory.oom_control"))
            .ok()
            .and_then(|text| {
                text.lines()
                    .find_map(|line| line.strip_prefix("oom_kill ")?.trim().parse::<u64>().ok())
            })
            .unwrap_or(0);
        failcnt > 0 || oom_kills > 0
    }

    /// Removes the groups once empty; a group that stays busy is logged and left behind.
    pub(crate) async fn remove(mut self) {
        remove_all(self.directories()).await;
    }

    /// The group directories, taken so that `Drop` does not remove them again.
    fn directories(&mut self) -> Vec<PathBuf> {
        [&mut self.memory, &mut self.pids]
            .into_iter()
            .map(std::mem::take)
            .filter(|directory| !directory.as_os_str().is_empty())
            .collect()
    }

    fn write(&self, directory: &Path, file: &str, value: impl ToString) -> anyhow::Result<()> {
        let path = directory.join(file);
        std::fs::write(&path, value.to_string())
            .with_context(|| format!("writing {}", path.display()))
    }
}

/// A run whose future was dropped (cancelled) still gives its groups back, from a task.
impl Drop for RunCgroup {
    fn drop(&mut self) {
        let mut directories = self.directories();
        // Empty already (a started sandbox dropped at shutdown, its processes killed): gone
        // at once, when no task might run any more.
        directories.retain(|directory| std::fs::remove_dir(directory).is_err());
        if directories.is_empty() {
            return;
        }
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(remove_all(directories));
            }
            Err(_) => tracing::warn!(?directories, "sandbox cgroups left behind: no runtime"),
        }
    }
}

/// Removes each directory, waiting for the run's last processes to leave it.
async fn remove_all(directories: Vec<PathBuf>) {
    for directory in directories {
        let mut attempts = 0;
        while let Err(error) = std::fs::remove_dir(&directory) {
            attempts += 1;
            if error.kind() == std::io::ErrorKind::NotFound {
                break;
            }
            if attempts >= 50 {
                tracing::warn!(group = %directory.display(), %error, "could not remove a sandbox cgroup");
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}
