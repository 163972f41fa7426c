//! The seccomp program on the host's disk, where the command line opens it for bubblewrap.
//!
//! bwrap reads the program from an open file descriptor. The workspace has no `unsafe`, so
//! the grader cannot place a descriptor in its child itself; the command's first step (a
//! shell, still root) opens this file as fd 3 instead, and bwrap inherits it. The file is
//! named by its content, so graders of different versions on one machine never overwrite
//! each other's, and it lives in the root-only directory of the runs' mounts, which no
//! sandbox sees. It is checked before every run, so a host that cleans `/run` does no harm.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::Context;
use sha2::{Digest, Sha256};

use super::workdir::MOUNT_ROOT;
use crate::sandbox::seccomp;

/// The program's file, written if it is missing.
pub(super) fn ensure() -> anyhow::Result<PathBuf> {
    let program = seccomp::bpf_program()?;
    let path = path(program);
    if path.is_file() {
        return Ok(path.to_owned());
    }
    let directory = Path::new(MOUNT_ROOT);
    std::fs::create_dir_all(directory)
        .with_context(|| format!("creating {}", directory.display()))?;
    // Written whole under a name of its own, then renamed: a concurrent run of another
    // grader sees either no file or all of it.
    let partial = directory.join(format!("seccomp-{}.partial", uuid::Uuid::new_v4()));
    std::fs::write(&partial, program)
        .with_context(|| format!("writing the seccomp program to {}", partial.display()))?;
    std::fs::rename(&partial, path)
        .with_context(|| format!("renaming the seccomp program to {}", path.display()))?;
    Ok(path.to_owned())
}

fn path(program: &[u8]) -> &'static Path {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let digest = hex::encode(&Sha256::digest(program)[..8]);
        Path::new(MOUNT_ROOT).join(format!("seccomp-{digest}.bpf"))
    })
}
