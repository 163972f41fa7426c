//! The run's writable `/tmp`: a tmpfs of its own, bounded in bytes AND in files.
//!
//! bubblewrap 0.8 can size a tmpfs but cannot bound its inodes, and a flood of empty files
//! costs no bytes. So the grader (root) mounts the tmpfs on the host with the same options
//! as the docker backend's, bwrap binds it at `/tmp`, and the grader unmounts it after the
//! run. The mount lives under a directory of its own and is detached lazily, so a process
//! still holding it (none should) cannot make the unmount fail.

use std::path::{Path, PathBuf};

use anyhow::Context;
use tokio::process::Command;

/// Where the runs' tmpfs mounts live while they run (root's alone; no sandbox sees it).
pub(super) const MOUNT_ROOT: &str = "/run/code-platform-sandbox";
/// How many files and directories a run may create.
pub(super) const INODES: u32 = 4096;

/// A mounted tmpfs for one run; [`WorkDir::remove`] unmounts it (or `Drop`).
#[derive(Debug)]
pub(super) struct WorkDir {
    path: PathBuf,
}

impl WorkDir {
    /// Mounts a fresh tmpfs of `size_bytes` for run `name`.
    pub(super) async fn create(name: &str, size_bytes: u64) -> anyhow::Result<WorkDir> {
        let path = Path::new(MOUNT_ROOT).join(name);
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        let options =
            format!("rw,noexec,nosuid,nodev,size={size_bytes},nr_inodes={INODES},mode=1777");
        let output = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &options, "cp-sandbox"])
            .arg(&path)
            .env_clear()
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .output()
            .await
            .context("running mount (the process sandbox needs root)")?;
        if !output.status.success() {
            let _ = std::fs::remove_dir(&path);
            anyhow::bail!(
                "mounting the sandbox tmpfs on {}: {}",
                path.display(),
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        Ok(WorkDir { path })
    }

    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    /// Unmounts and removes the directory.
    pub(super) async fn remove(mut self) {
        unmount(std::mem::take(&mut self.path)).await;
    }
}

/// A run dropped without [`WorkDir::remove`] (cancelled, or a started sandbox dropped with
/// its grader at shutdown, when no task would run any more) unmounts at once.
impl Drop for WorkDir {
    fn drop(&mut self) {
        let path = std::mem::take(&mut self.path);
        if path.as_os_str().is_empty() {
            return;
        }
        let status = std::process::Command::new("umount")
            .arg("-l")
            .arg(&path)
            .env_clear()
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .status();
        match status {
            Ok(status) if status.success() => {
                let _ = std::fs::remove_dir(&path);
            }
            _ => tracing::warn!(path = %path.display(), "sandbox tmpfs left mounted"),
        }
    }
}

async fn unmount(path: PathBuf) {
    let status = Command::new("umount")
        .arg("-l")
        .arg(&path)
        .env_clear()
        .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
        .status()
        .await;
    match status {
        Ok(status) if status.success() => {
            if let Err(error) = std::fs::remove_dir(&path) {
                tracing::warn!(path = %path.display(), %error, "could not remove a sandbox tmpfs directory");
            }
        }
        Ok(status) => {
            tracing::warn!(path = %path.display(), %status, "could not unmount a sandbox tmpfs")
        }
        Err(error) => tracing::warn!(path = %path.display(), %error, "could not run umount"),
    }
}
