//! Graders as child processes of the real `grader-api` binary, so that the test can
//! SIGKILL them mid-grade as a crash or an OOM kill would.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use tokio::process::{Child, Command};

use crate::cluster::free_port;

/// Slots per grader process.
pub(crate) const SLOTS: usize = 2;
/// How long an unacknowledged job waits before another grader reclaims it; it must
/// exceed one grading, or live graders' jobs would be taken from them.
pub(crate) const VISIBILITY_TIMEOUT_MS: u64 = 10_000;

/// The `grader-api` executable `cargo test --workspace` builds next to this test's own
/// executable (`target/<profile>/deps/chaos-<hash>` -> `target/<profile>/grader-api`).
fn grader_binary() -> anyhow::Result<PathBuf> {
    if let Some(path) = std::env::var_os("CHAOS_GRADER_BIN") {
        return Ok(PathBuf::from(path));
    }
    let exe = std::env::current_exe().context("locating the test executable")?;
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .context("the test executable has no target directory")?;
    let binary = profile_dir.join("grader-api");
    if !binary.exists() {
        bail!(
            "{} is missing: build it first with `cargo build -p grader-api --bin grader-api` \
             (`cargo test --workspace` and `./platform chaos` do)",
            binary.display()
        );
    }
    if let Some(newer) = newer_source(&binary)? {
        bail!(
            "{} is older than {}: rebuild it with `cargo build -p grader-api --bin grader-api`",
            binary.display(),
            newer.display()
        );
    }
    Ok(binary)
}

/// A source file of the grader (or of the crates it is built from) changed after
/// `binary` was built, if any: a stale binary would test yesterday's grader.
fn newer_source(binary: &Path) -> anyhow::Result<Option<PathBuf>> {
    let built = std::fs::metadata(binary)?.modified()?;
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut dirs: Vec<PathBuf> = ["grader-api/src", "contract/src"]
        .iter()
        .map(|dir| workspace.join(dir))
        .collect();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir)?.filter_map(Result::ok) {
            let path = entry.path();
            let meta = entry.metadata()?;
            if meta.is_dir() {
                dirs.push(path);
            } else if meta.modified()? > built {
                return Ok(Some(path));
            }
        }
    }
    Ok(None)
}

/// The running grader processes and how to start more.
pub(crate) struct Graders {
    binary: PathBuf,
    database_url: String,
    redis_url: String,
    log_dir: PathBuf,
    children: Vec<Child>,
    started: usize,
    pub(crate) killed: usize,
    /// Graders stopped with SIGTERM in a rolling replacement, each of which exited cleanly.
    pub(crate) rolled: usize,
}

impl Graders {
    pub(crate) fn new(
        database_url: String,
        redis_url: String,
        log_dir: &Path,
    ) -> anyhow::Result<Graders> {
        Ok(Graders {
            binary: grader_binary()?,
            database_url,
            redis_url,
            log_dir: log_dir.to_path_buf(),
            children: Vec::new(),
            started: 0,
            killed: 0,
            rolled: 0,
        })
    }

    /// Starts one more grader; its output goes to `grader-<n>.log`.
    pub(crate) fn spawn(&mut self) -> anyhow::Result<()> {
        self.started += 1;
        let log_path = self.log_dir.join(format!("grader-{}.log", self.started));
        let log = std::fs::File::create(&log_path)?;
        let child = Command::new(&self.binary)
            .env("DATABASE_URL", &self.database_url)
            .env("REDIS_URL", &self.redis_url)
            .env("REDIS_PREFIX", "cp:")
            .env("GRADER_PORT", free_port().to_string())
            .env("GRADER_SLOTS", SLOTS.to_string())
            // The graders it kills would leave their containers started ahead to exit
            // and wait for the reaper: dockerd's work, not what this test measures.
            .env("GRADER_WARM", "0")
            .env("GRADER_CONSUMER", format!("chaos-{}", self.started))
            .env(
                "GRADER_VISIBILITY_TIMEOUT_MS",
                VISIBILITY_TIMEOUT_MS.to_string(),
            )
            .env("GRADER_RECLAIM_INTERVAL_MS", "500")
            .env("GRADER_RECONCILE_INTERVAL_MS", "1000")
            .env("GRADER_RECONCILE_AGE_MS", "3000")
            // A running row the stream lost is taken back once its lease has run out: the
            // same bound as a second delivery, instead of the production minute.
            .env(
                "GRADER_RECONCILE_RUNNING_GRACE_MS",
                VISIBILITY_TIMEOUT_MS.to_string(),
            )
            .env("RUST_LOG", "info,sqlx=warn")
            // JSON lines, so that the test can count the results each grader stored.
            .env("LOG_FORMAT", "json")
            .stdout(log.try_clone()?)
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("starting {}", self.binary.display()))?;
        self.children.push(child);
        Ok(())
    }

    /// SIGKILLs the grader at `index` (modulo how many run) and waits until it is gone.
    pub(crate) async fn kill(&mut self, index: usize) -> anyhow::Result<()> {
        if self.children.is_empty() {
            return Ok(());
        }
        let mut child = self.children.remove(index % self.children.len());
        child.kill().await.context("killing a grader")?;
        self.killed += 1;
        Ok(())
    }

    /// Replaces the grader at `index` as a rolling update does: the new one starts first,
    /// then the old one gets SIGTERM, must finish what it runs and exit cleanly in time.
    pub(crate) async fn roll(&mut self, index: usize) -> anyhow::Result<()> {
        self.spawn()?;
        if self.children.len() < 2 {
            return Ok(());
        }
        // The new grader is the last one; it is not the one to stop.
        let mut child = self.children.remove(index % (self.children.len() - 1));
        let pid = child.id().context("a running grader has a pid")?;
        let signalled = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .await
            .context("running kill")?;
        anyhow::ensure!(signalled.success(), "kill -TERM {pid} failed");
        let exited = tokio::time::timeout(std::time::Duration::from_secs(90), child.wait())
            .await
            .context("a grader did not stop within 90 s of SIGTERM")??;
        anyhow::ensure!(
            exited.success(),
            "a grader stopped by SIGTERM exited with {exited}"
        );
        self.rolled += 1;
        Ok(())
    }

    /// Replaces graders that exited by themselves (they should only ever die by our
    /// hand); returns how many did, which the report shows.
    pub(crate) fn replace_exited(&mut self) -> anyhow::Result<usize> {
        let before = self.children.len();
        let mut alive = Vec::with_capacity(before);
        for mut child in std::mem::take(&mut self.children) {
            match child.try_wait()? {
                Some(status) => tracing::warn!(%status, "a grader exited by itself"),
                None => alive.push(child),
            }
        }
        self.children = alive;
        let exited = before - self.children.len();
        for _ in 0..exited {
            self.spawn()?;
        }
        Ok(exited)
    }

    pub(crate) fn started(&self) -> usize {
        self.started
    }
}
