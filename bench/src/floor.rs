//! The floor: Hello's tests run against its reference by the sandbox's own interpreter, in
//! the sandbox's root filesystem (`chroot`), with no sandbox, runner or platform around
//! it. Nothing that grades Hello can be faster than this.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{anyhow, bail, Context};

use crate::stats::Sample;

/// Runs measured (after one unmeasured run).
const RUNS: usize = 20;

/// The median of `python3 -m unittest` of Hello in `rootfs`.
pub(crate) fn measure(rootfs: &Path) -> anyhow::Result<Sample> {
    let catalog = migrations::catalog::embedded()?;
    let hello = catalog
        .iter()
        .find(|a| a.slug == "hello")
        .ok_or_else(|| anyhow!("no hello in the catalog"))?;
    let work = format!("/tmp/cp-bench-{}", uuid::Uuid::new_v4().simple());
    let inside = rootfs.join(work.trim_start_matches('/'));
    std::fs::create_dir_all(&inside).with_context(|| format!("creating {}", inside.display()))?;
    std::fs::write(inside.join("solution.py"), &hello.reference_solution)?;
    std::fs::write(inside.join("tests.py"), &hello.test_code)?;
    let result = (|| {
        let mut sample = Sample::default();
        for run in 0..=RUNS {
            let started = Instant::now();
            // `env -C` sets the working directory inside the chroot; the interpreter is the
            // rootfs's /usr/bin/python3, the one the sandbox runs.
            let output = Command::new("chroot")
                .arg(rootfs)
                .args(["/usr/bin/env", "-C", &work, "/usr/bin/python3", "-B", "-m"])
                .args(["unittest", "-q", "tests"])
                .output()
                .context("running chroot (as root)")?;
            let took = started.elapsed();
            if !output.status.success() {
                bail!(
                    "the floor run failed: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
            }
            if run > 0 {
                sample.push(took);
            }
        }
        Ok(sample)
    })();
    std::fs::remove_dir_all(&inside).ok();
    result
}
