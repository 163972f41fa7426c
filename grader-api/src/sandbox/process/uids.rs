//! Host uids leased to one run each, so that limits and clean-up can go by uid.
//!
//! Every run's processes run under a host uid of their own (inside the sandbox they see
//! 65534 through a user namespace). That makes RLIMIT_NPROC a per-run limit, keeps runs from
//! signalling or reading each other, and lets the host kill everything of a run by sending
//! SIGKILL to every process of that uid. Leases are advisory file locks in a shared
//! directory, so that graders in several processes of one machine never share a uid; the
//! kernel drops a lock when its holder dies, so a crashed grader leaks nothing.
//!
//! The directory is in the shared temporary directory, where anyone could have made it
//! first and planted links in it for the grader (root) to open: it must be the grader's
//! user's alone, and a lock file is never opened through a symlink.

use std::fs::{DirBuilder, File, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// The first host uid handed to runs. Far above what distributions allocate to users.
pub(crate) const FIRST_UID: u32 = 200_000;
/// How many uids runs may use at once, across every grader of the machine.
pub(crate) const UID_COUNT: u32 = 1_000;

/// A host uid held for one run; dropping it frees the uid.
#[derive(Debug)]
pub(crate) struct UidLease {
    pub(crate) uid: u32,
    /// Holds the lock for as long as the lease lives.
    _lock: File,
}

/// Takes a free uid, starting at a random place so that concurrent graders rarely contend.
pub(crate) fn lease() -> anyhow::Result<UidLease> {
    let directory = lock_directory();
    DirBuilder::new()
        .recursive(true)
        .mode(0o755)
        .create(&directory)
        .with_context(|| format!("creating the uid lock directory {}", directory.display()))?;
    ensure_private(&directory)?;
    let start = rand::random::<u32>() % UID_COUNT;
    for offset in 0..UID_COUNT {
        let uid = FIRST_UID + (start + offset) % UID_COUNT;
        let path = directory.join(format!("{uid}.lock"));
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .custom_flags(libc::O_NOFOLLOW)
            .open(&path)
            .with_context(|| format!("opening {}", path.display()))?;
        if file.try_lock().is_ok() {
            return Ok(UidLease { uid, _lock: file });
        }
    }
    anyhow::bail!("all {UID_COUNT} sandbox uids are in use")
}

/// `directory` is a directory (not a link to one) of this process's user that nobody
/// else may write to.
fn ensure_private(directory: &Path) -> anyhow::Result<()> {
    let metadata = std::fs::symlink_metadata(directory)
        .with_context(|| format!("inspecting {}", directory.display()))?;
    let ours = super::reap::real_uid_of_self() == Some(metadata.uid());
    anyhow::ensure!(
        metadata.is_dir() && ours && metadata.mode() & 0o022 == 0,
        "the uid lock directory {} is not this user's alone (made by someone else first?)",
        directory.display()
    );
    Ok(())
}

fn lock_directory() -> PathBuf {
    std::env::temp_dir().join("code-platform-sandbox-uids")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_directory_others_may_write_or_a_link_to_one_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let root = std::env::temp_dir().join(format!("cp-uids-test-{}", uuid::Uuid::new_v4()));
        let private = root.join("private");
        DirBuilder::new()
            .recursive(true)
            .mode(0o755)
            .create(&private)
            .unwrap();
        assert!(ensure_private(&private).is_ok());
        let link = root.join("link");
        std::os::unix::fs::symlink(&private, &link).unwrap();
        assert!(ensure_private(&link).is_err());
        std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o777)).unwrap();
        assert!(ensure_private(&private).is_err());
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn held_leases_are_never_shared() {
        let leases: Vec<_> = (0..20).map(|_| lease().expect("a uid")).collect();
        let mut uids: Vec<_> = leases.iter().map(|lease| lease.uid).collect();
        uids.sort_unstable();
        uids.dedup();
        assert_eq!(uids.len(), leases.len());
        assert!(uids
            .iter()
            .all(|uid| (FIRST_UID..FIRST_UID + UID_COUNT).contains(uid)));
    }
}
