//! The grader's settings, read once at start-up.

use std::path::PathBuf;
use std::time::Duration;

use contract::config::{env_or_file, parse_or};
use contract::keys::{Lane, Queue};
use contract::Keys;
use course::languages::{self, Language};

use crate::reconcile::ReconcileConfig;

/// Everything the grader needs to run, read from the environment by [`Config::from_env`]:
///
/// - `DATABASE_URL` (or `DATABASE_URL_FILE`), `REDIS_URL` (or `REDIS_URL_FILE`): required.
/// - `REDIS_PREFIX`: prefix of every Redis name, default `cp:`.
/// - `GRADER_PORT`: port of the health and metrics server, default 8082.
/// - `GRADER_LANGUAGES`: the languages this grader takes work for, comma-separated names
///   of `grader-image/languages.toml` (default: every one). It reads those languages'
///   streams only; the stack runs a grader service per language.
/// - `GRADER_SLOTS`: how many submissions run at once, default 4.
/// - `GRADER_INTERACTIVE_SLOTS`: slots regrades (the bulk lane) never take, default 1.
/// - `GRADER_CONSUMER`: this grader's name in the consumer group, default
///   `<hostname>-<pid>-<random>` so that restarted graders never share a name.
/// - `GRADER_MAX_ATTEMPTS`: platform failures a live grader saw while grading one
///   submission (sandbox or runner errors while the sandbox itself answers) before it is
///   stored as `error`, default 3.
/// - `GRADER_MAX_CRASHES`: deaths of the grader holding a submission as its only job
///   before it is stored as `error`, default 10. A death that took several jobs down, and
///   a shutdown's hand-back, count against none.
/// - `GRADER_HEARTBEAT_MS`: how often a grader renews its heartbeat, default 1000; a
///   grader three beats late is dead and its jobs are taken over.
/// - `GRADER_VISIBILITY_TIMEOUT_MS`: how long a job may stay unacknowledged before
///   another grader reclaims it, default 60000.
/// - `GRADER_RECLAIM_INTERVAL_MS`: how often to look for such jobs, default 5000.
///   The visibility timeout is also the lease of a `running` row: a second delivery of
///   it is only graded once the first has been running that long, so it must exceed
///   the longest grading (twice the largest time limit plus 30 s).
/// - `GRADER_RECONCILE_INTERVAL_MS` (default 10000), `GRADER_RECONCILE_AGE_MS` (default
///   10000): how often the reconciler looks for open submissions missing from the
///   stream, and how long a row must have been queued to count (see [`crate::reconcile`]);
///   `GRADER_RECONCILE_RUNNING_GRACE_MS` (default 60000): a `running` row counts once
///   it started longer ago than twice its time limit plus this.
/// - `GRADER_SHUTDOWN_GRACE_MS`: on shutdown, how long in-flight jobs may run beyond
///   twice the longest time limit seen before they are handed back to the stream,
///   default 30000.
/// - `GRADER_SANDBOX`: the sandbox backend, `docker` (default; a container per job) or
///   `process` (bubblewrap namespaces on a rootfs; needs root, `bwrap`, `prlimit`, `setpriv`).
/// - `GRADER_OUTPUT_LIMIT_BYTES` (default 65536): what a submission may print, both backends.
/// - `GRADER_WARM` (default 4): how many sandboxes (containers, or namespaces) are kept
///   started for the next jobs, each waiting for one job of the shape (language and
///   limits) of the last ones; 0 starts every sandbox when its job arrives.
/// - `GRADER_IMAGE` (default `code-platform/grader:latest`), `GRADER_RUNTIME` (e.g. `runsc`),
///   `GRADER_CPUS` (default 1): Docker settings.
/// - `GRADER_ROOTFS` (default this checkout's `.platform/cache/rootfs`, made by
///   `grader-image/build.sh`) and `GRADER_RUNNER_DIR` (default this checkout's
///   `grader-image/runner`): process settings.
#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub redis_url: String,
    pub keys: Keys,
    pub port: u16,
    /// What this grader takes work for, in `languages.toml`'s order.
    pub languages: Vec<&'static Language>,
    pub slots: usize,
    /// Slots regrades never take, so a learner's submission finds one free at once
    /// (`GRADER_INTERACTIVE_SLOTS`, default 1). A grader of one slot still runs regrades
    /// in it while nothing else waits.
    pub interactive_slots: usize,
    pub consumer: String,
    /// Platform failures seen while grading one submission before it is stored as `error`.
    pub max_attempts: i32,
    /// Deaths of the grader holding a submission as its only job before it is `error`.
    pub max_crashes: i32,
    /// How often a grader says it is alive; it is taken for dead after three missed beats.
    pub heartbeat_interval: Duration,
    pub visibility_timeout: Duration,
    pub reclaim_interval: Duration,
    pub reconcile: ReconcileConfig,
    pub shutdown_grace: Duration,
    pub sandbox: SandboxConfig,
}

/// Which sandbox backend grades submissions, with its settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SandboxConfig {
    pub backend: SandboxBackend,
    /// The grader image the Docker backend runs.
    pub image: String,
    /// An alternative OCI runtime such as gVisor's `runsc`; `None` uses the engine's default.
    pub runtime: Option<String>,
    pub cpus: f64,
    /// Stdout/stderr beyond this many bytes fails the submission with `output_limit`.
    pub output_limit_bytes: usize,
    /// The root filesystem the process backend mounts read-only as `/`.
    pub rootfs: PathBuf,
    /// The runner directory the process backend mounts read-only at `/opt/runner`.
    pub runner_dir: PathBuf,
    /// Sandboxes kept started for the next jobs (`GRADER_WARM`).
    pub warm: usize,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            backend: SandboxBackend::Docker,
            image: "code-platform/grader:latest".to_owned(),
            runtime: None,
            cpus: 1.0,
            output_limit_bytes: 64 * 1024,
            rootfs: crate::sandbox::process::default_rootfs(),
            runner_dir: crate::sandbox::process::default_runner_dir(),
            warm: 4,
        }
    }
}

/// The sandbox backends this build knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SandboxBackend {
    /// A throwaway container per job (bollard).
    Docker,
    /// Linux namespaces made by bubblewrap, with rlimits and a cgroup where available.
    Process,
}

impl SandboxBackend {
    /// The name `GRADER_SANDBOX` uses.
    pub fn name(self) -> &'static str {
        match self {
            SandboxBackend::Docker => "docker",
            SandboxBackend::Process => "process",
        }
    }
}

impl Config {
    /// This grader's streams of `lane`, one per language.
    pub fn queues(&self, lane: Lane) -> Vec<Queue> {
        self.languages
            .iter()
            .map(|language| Queue {
                language: language.name.as_str(),
                lane,
            })
            .collect()
    }

    /// Every stream this grader reads, the learners' ones first.
    pub fn all_queues(&self) -> Vec<Queue> {
        Lane::ALL
            .into_iter()
            .flat_map(|lane| self.queues(lane))
            .collect()
    }

    /// How many slots regrades may fill at once.
    pub fn bulk_slots(&self) -> usize {
        self.slots.saturating_sub(self.interactive_slots).max(1)
    }

    /// The defaults of every setting, for composing the grader in-process (the
    /// all-in-one binary and tests); [`Config::from_env`] documents each default.
    pub fn with_defaults(database_url: String, redis_url: String, keys: Keys) -> Config {
        Config {
            database_url,
            redis_url,
            keys,
            port: 8082,
            languages: languages::all().values().collect(),
            slots: 4,
            interactive_slots: 1,
            consumer: default_consumer_name(),
            max_attempts: 3,
            max_crashes: 10,
            heartbeat_interval: Duration::from_secs(1),
            visibility_timeout: Duration::from_secs(60),
            reclaim_interval: Duration::from_secs(5),
            reconcile: ReconcileConfig::default(),
            shutdown_grace: Duration::from_secs(30),
            sandbox: SandboxConfig::default(),
        }
    }

    pub fn from_env() -> anyhow::Result<Config> {
        let slots: usize = parse_or("GRADER_SLOTS", 4)?;
        anyhow::ensure!(slots > 0, "GRADER_SLOTS must be at least 1");
        let max_attempts: i32 = parse_or("GRADER_MAX_ATTEMPTS", 3)?;
        anyhow::ensure!(max_attempts > 0, "GRADER_MAX_ATTEMPTS must be at least 1");
        let max_crashes: i32 = parse_or("GRADER_MAX_CRASHES", 10)?;
        anyhow::ensure!(max_crashes > 0, "GRADER_MAX_CRASHES must be at least 1");
        let heartbeat_ms: u64 = parse_or("GRADER_HEARTBEAT_MS", 1_000)?;
        anyhow::ensure!(
            heartbeat_ms >= 100,
            "GRADER_HEARTBEAT_MS must be at least 100"
        );
        Ok(Config {
            database_url: contract::config::database_url()?,
            redis_url: contract::config::redis_url()?,
            keys: Keys::from_env()?,
            port: parse_or("GRADER_PORT", 8082)?,
            languages: languages_from_env()?,
            slots,
            interactive_slots: parse_or("GRADER_INTERACTIVE_SLOTS", 1)?,
            consumer: match env_or_file("GRADER_CONSUMER")? {
                Some(name) if !name.trim().is_empty() => name.trim().to_owned(),
                _ => default_consumer_name(),
            },
            max_attempts,
            max_crashes,
            heartbeat_interval: Duration::from_millis(heartbeat_ms),
            visibility_timeout: Duration::from_millis(parse_or(
                "GRADER_VISIBILITY_TIMEOUT_MS",
                60_000,
            )?),
            reclaim_interval: Duration::from_millis(parse_or("GRADER_RECLAIM_INTERVAL_MS", 5_000)?),
            reconcile: ReconcileConfig {
                interval: Duration::from_millis(parse_or("GRADER_RECONCILE_INTERVAL_MS", 10_000)?),
                queued_age: Duration::from_millis(parse_or("GRADER_RECONCILE_AGE_MS", 10_000)?),
                running_grace: Duration::from_millis(parse_or(
                    "GRADER_RECONCILE_RUNNING_GRACE_MS",
                    60_000,
                )?),
            },
            shutdown_grace: Duration::from_millis(parse_or("GRADER_SHUTDOWN_GRACE_MS", 30_000)?),
            sandbox: SandboxConfig::from_env()?,
        })
    }
}

impl SandboxConfig {
    /// The sandbox settings alone (`GRADER_SANDBOX`, `GRADER_OUTPUT_LIMIT_BYTES`, the Docker
    /// and the process settings of [`Config`]), for binaries that compose the grader.
    pub fn from_env() -> anyhow::Result<SandboxConfig> {
        sandbox_from_env()
    }
}

fn sandbox_from_env() -> anyhow::Result<SandboxConfig> {
    let backend = env_or_file("GRADER_SANDBOX")?.unwrap_or_else(|| "docker".to_owned());
    let backend = match backend.trim() {
        "docker" | "" => SandboxBackend::Docker,
        "process" => SandboxBackend::Process,
        other => {
            anyhow::bail!("GRADER_SANDBOX={other:?} is not a known backend (use docker or process)")
        }
    };
    let defaults = SandboxConfig::default();
    let path = |name: &str, default: PathBuf| -> anyhow::Result<PathBuf> {
        Ok(env_or_file(name)?
            .filter(|value| !value.trim().is_empty())
            .map_or(default, |value| PathBuf::from(value.trim())))
    };
    Ok(SandboxConfig {
        backend,
        image: env_or_file("GRADER_IMAGE")?
            .filter(|image| !image.trim().is_empty())
            .unwrap_or_else(|| "code-platform/grader:latest".to_owned()),
        runtime: env_or_file("GRADER_RUNTIME")?.filter(|runtime| !runtime.trim().is_empty()),
        cpus: parse_or("GRADER_CPUS", 1.0)?,
        output_limit_bytes: parse_or("GRADER_OUTPUT_LIMIT_BYTES", 64 * 1024)?,
        rootfs: path("GRADER_ROOTFS", defaults.rootfs)?,
        runner_dir: path("GRADER_RUNNER_DIR", defaults.runner_dir)?,
        warm: parse_or("GRADER_WARM", defaults.warm)?,
    })
}

/// `GRADER_LANGUAGES`, every language when it is unset or empty.
fn languages_from_env() -> anyhow::Result<Vec<&'static Language>> {
    let wanted = env_or_file("GRADER_LANGUAGES")?.unwrap_or_default();
    parse_languages(&wanted)
}

fn parse_languages(wanted: &str) -> anyhow::Result<Vec<&'static Language>> {
    let names: Vec<&str> = wanted
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .collect();
    if names.is_empty() {
        return Ok(languages::all().values().collect());
    }
    let mut chosen = Vec::new();
    for name in names {
        let language = languages::get(name).ok_or_else(|| {
            let known: Vec<&str> = languages::names().collect();
            anyhow::anyhow!(
                "GRADER_LANGUAGES names {name:?}; known languages: {}",
                known.join(", ")
            )
        })?;
        if !chosen.contains(&language) {
            chosen.push(language);
        }
    }
    Ok(chosen)
}

/// A consumer name unique to this process: what a killed grader held is taken over by the
/// others once its heartbeat expires (a fixed `GRADER_CONSUMER` takes it back on restart).
fn default_consumer_name() -> String {
    format!(
        "{}-{:08x}",
        crate::host::host_and_pid(),
        rand::random::<u32>()
    )
}

// The URLs carry passwords, so `Debug` leaves them out.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &"<redacted>")
            .field("redis_url", &"<redacted>")
            .field("keys", &self.keys)
            .field("port", &self.port)
            .field(
                "languages",
                &self.languages.iter().map(|l| &l.name).collect::<Vec<_>>(),
            )
            .field("slots", &self.slots)
            .field("interactive_slots", &self.interactive_slots)
            .field("consumer", &self.consumer)
            .field("max_attempts", &self.max_attempts)
            .field("max_crashes", &self.max_crashes)
            .field("heartbeat_interval", &self.heartbeat_interval)
            .field("visibility_timeout", &self.visibility_timeout)
            .field("reclaim_interval", &self.reclaim_interval)
            .field("reconcile", &self.reconcile)
            .field("shutdown_grace", &self.shutdown_grace)
            .field("sandbox", &self.sandbox)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consumer_names_differ_between_calls() {
        assert_ne!(default_consumer_name(), default_consumer_name());
    }

    #[test]
    fn grader_languages_are_names_of_languages_toml() {
        let names = |wanted| {
            parse_languages(wanted)
                .unwrap()
                .iter()
                .map(|l| l.name.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(""), ["cpp", "javascript", "python"]);
        assert_eq!(names(" cpp, python,cpp "), ["cpp", "python"]);
        let error = parse_languages("python,cobol").unwrap_err().to_string();
        assert!(
            error.contains("cobol") && error.contains("javascript"),
            "{error}"
        );
    }

    #[test]
    fn debug_output_hides_the_urls() {
        let config = Config {
            database_url: "postgres://u:secret@h/db".into(),
            redis_url: "redis://:secret@h/".into(),
            keys: Keys::default(),
            port: 1,
            languages: Vec::new(),
            slots: 1,
            interactive_slots: 1,
            consumer: "c".into(),
            max_attempts: 1,
            max_crashes: 1,
            heartbeat_interval: Duration::from_secs(1),
            visibility_timeout: Duration::from_secs(1),
            reclaim_interval: Duration::from_secs(1),
            reconcile: ReconcileConfig::default(),
            shutdown_grace: Duration::from_secs(1),
            sandbox: SandboxConfig::default(),
        };
        assert!(!format!("{config:?}").contains("secret"));
    }
}
