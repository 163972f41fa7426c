//! The host side never follows what a submission leaves in its sandbox: Judge0's 2024
//! escapes (CVE-2024-28185, CVE-2024-28189) were a host that wrote and chowned, as root,
//! through symlinks a submission had planted in its box. Ours plants links to a host
//! directory it cannot see, and the host's clean-up must leave their targets as they were.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use contract::Status;

use crate::helpers::{job, run_all, PROBE_TESTS};

/// A host directory with a file and a subdirectory, removed when the test ends.
struct Canary(PathBuf);

impl Canary {
    fn new() -> Self {
        let root = std::env::temp_dir().join(format!("cp-canary-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(root.join("dir")).expect("creating the canary");
        std::fs::write(root.join("file"), "precious").expect("writing the canary");
        std::fs::write(root.join("dir/inner"), "precious").expect("writing the canary");
        Canary(root)
    }

    /// Every path's content, owner and mode.
    fn state(&self) -> Vec<(PathBuf, Option<String>, u32, u32)> {
        ["", "file", "dir", "dir/inner"]
            .iter()
            .map(|relative| {
                let path = self.0.join(relative);
                let metadata = std::fs::symlink_metadata(&path).expect("the canary is there");
                let content = std::fs::read_to_string(&path).ok();
                (path, content, metadata.uid(), metadata.mode())
            })
            .collect()
    }

    fn path(&self, relative: &str) -> String {
        self.0.join(relative).display().to_string()
    }
}

impl Drop for Canary {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Plants links to `targets` under names a judge's host side might use, at the top of the
/// working directory and in a subdirectory, and FIFOs beside them.
fn planting(targets: &[String]) -> String {
    format!(
        r#"import os
TARGETS = {targets:?}
os.mkdir("box")
for index, target in enumerate(TARGETS):
    for name in (f"link-{{index}}", f"box/stdout-{{index}}.txt", f"box/meta-{{index}}"):
        os.symlink(target, name)
    os.mkfifo(f"box/fifo-{{index}}")
os.symlink(os.path.dirname(TARGETS[0]), "box/escape")

def probe():
    planted = all(os.path.islink(f"link-{{index}}") for index in range(len(TARGETS)))
    return "ok" if planted else "not planted"
"#
    )
}

#[tokio::test]
async fn links_planted_in_the_sandbox_leave_their_host_targets_alone() {
    let canary = Canary::new();
    let before = canary.state();
    let targets = [canary.path("file"), canary.path("dir"), canary.path("")];
    let code = planting(&targets);
    for (backend, grade) in run_all(&job(&code, PROBE_TESTS)).await {
        // The planting itself worked, so the clean-up had links to follow.
        assert_eq!(grade.status, Status::Passed, "{backend}: {grade:?}");
        assert_eq!(canary.state(), before, "{backend} changed the host's files");
    }
    assert!(Path::new(&canary.path("dir/inner")).is_file());
}
