//! The command line of one run: cgroup entry, rlimits, a per-run uid, then bubblewrap.
//!
//! `setsid` makes the run a session of its own (no controlling terminal, a process group of
//! its own), then `sh` (still root) gives that session's scheduling group the run's
//! niceness, moves itself into the run's cgroups and opens the seccomp program as fd 3, then
//! `exec`s `nice` and `prlimit`, which sets the rlimits and `exec`s `setpriv`, which drops
//! to the run's host uid with no capabilities, no supplementary groups and no-new-privs,
//! and `exec`s `bwrap`. bwrap, now unprivileged, creates user, mount, pid, network, ipc, uts
//! and cgroup namespaces, maps the run's uid to 65534 inside, loads the seccomp program
//! from fd 3 (and closes it) and runs the test runner on a read-only copy of the rootfs.
//! Every step replaces the previous one, so the child the grader holds is bwrap.
//!
//! RLIMIT_NPROC counts the processes of a real uid, which is why each run has its own
//! (see `uids`); inside, the runner lowers it to 0 for the learner's interpreter.

use std::path::Path;
use std::process::Stdio;

use tokio::process::Command;

use super::cgroup::RunCgroup;
use super::ProcessSettings;
use crate::sandbox::warm::Shape;

/// Memory for the trusted runner process on top of the learner's own limit, which the
/// runner enforces on its child with RLIMIT_AS (as in the docker backend).
pub(super) const RUNNER_OVERHEAD_MB: u64 = 32;
/// Address space for the whole run on top of the learner's limit: the runner and bwrap
/// map far more than they touch, and the cgroup bounds what they really use.
const ADDRESS_SPACE_SLACK_MB: u64 = 512;
/// Processes and threads of the run (the cgroup's bound; the rlimit is per uid, the same).
pub(super) const PIDS_LIMIT: u32 = 64;
/// Open files per process.
const FILES_LIMIT: u32 = 256;
/// CPU seconds per process on top of the time limit; the wall clock usually stops it first.
const CPU_SLACK_SECONDS: u64 = 3;
const MIB: u64 = 1024 * 1024;

/// The first step, as root and in the run's own session (`setsid`):
/// `sh -c ENTRY sh NICENESS SECCOMP_FILE [CGROUP_PROCS...] -- COMMAND...` gives the
/// session's autogroup the run's niceness, joins each cgroup, opens the seccomp program as
/// fd 3 and `exec`s the command. Exit status 125 (or a `sh:` message) means the sandbox did
/// not start.
///
/// Linux's autogroup scheduling shares the CPU between sessions before it looks at a
/// process's niceness, so with a session per run (bwrap's `--new-session` before) every
/// run weighed as much as the whole platform, and a few runs took most of the CPU from the
/// API taking a deadline's submissions however they were niced (issue 15). A kernel
/// without autogroups has no such file, and niceness alone orders the runs there.
const ENTRY: &str = r#"niceness=$1; filter=$2; shift 2
echo "$niceness" 2>/dev/null > /proc/self/autogroup
while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift
exec 3< "$filter" || exit 125
exec "$@""#;

/// The file descriptor bwrap reads the seccomp program from (see [`ENTRY`]).
const SECCOMP_FD: &str = "3";

/// What the command of one run is made of, besides the job and the settings.
pub(super) struct Run<'a> {
    /// The run's host uid (see `uids`).
    pub(super) uid: u32,
    pub(super) cgroup: Option<&'a RunCgroup>,
    /// The run's tmpfs, bound at `/tmp`.
    pub(super) workdir: &'a Path,
    /// The compiled seccomp program (see `filter`).
    pub(super) seccomp: &'a Path,
}

/// How much a learner's run yields the CPU to the platform's own processes sharing the
/// machine (the API taking a deadline's submissions, the relay): with graders busy on
/// every core, intake was half as fast at equal priority (issue 15). An idle machine
/// runs it at full speed all the same. It is the niceness of the run's session too
/// (`ENTRY`): without that, niceness did nothing against other sessions.
const LEARNER_NICENESS: &str = "10";
/// How much a background job (a regrade) yields the CPU to the others: a seventh of a
/// learner's run's weight.
const BACKGROUND_NICENESS: &str = "19";

/// The command for a job of `shape` in `run`, with pipes for stdin, stdout and stderr.
pub(super) fn build(settings: &ProcessSettings, shape: &Shape, run: &Run<'_>) -> Command {
    // Every run shares the grader's CPU group: niceness is what orders them.
    let niceness = if shape.background {
        BACKGROUND_NICENESS
    } else {
        LEARNER_NICENESS
    };
    // `setsid` calls setsid(2) itself (it forks only in a process group's leader, which
    // the grader's child is not) and `exec`s the rest.
    let mut command = Command::new("setsid");
    command
        .arg("sh")
        .arg("-c")
        .arg(ENTRY)
        .arg("sh")
        .arg(niceness)
        .arg(run.seccomp);
    if let Some(group) = run.cgroup {
        command.args(group.procs_files());
    }
    command.arg("--");
    command.args(["nice", "-n", niceness]);
    command.arg("prlimit");
    let address_space = shape.address_space_mb;
    let tmp_bytes = settings.tmp_size_bytes;
    let uid = run.uid;
    command
        .arg(format!(
            "--as={}",
            (address_space + ADDRESS_SPACE_SLACK_MB) * MIB
        ))
        .arg(format!("--nproc={PIDS_LIMIT}"))
        .arg(format!("--fsize={tmp_bytes}"))
        .arg(format!(
            "--cpu={}",
            shape.wall_limit.as_secs() + CPU_SLACK_SECONDS
        ))
        .arg(format!("--nofile={FILES_LIMIT}"))
        .arg("--core=0")
        // No bytes for POSIX message queues: the one store besides files that the ipc
        // namespace offers, and one the tmpfs bounds would not cover.
        .arg("--msgqueue=0")
        .arg("--")
        .arg("setpriv")
        .arg(format!("--reuid={uid}"))
        .arg(format!("--regid={uid}"))
        .args(["--clear-groups", "--inh-caps=-all", "--bounding-set=-all"])
        .args(["--no-new-privs", "--"]);
    let rootfs = crate::sandbox::rootfs_for(&settings.rootfs, shape.language);
    command
        .arg("bwrap")
        .args(bwrap_args(settings, &rootfs, run.workdir))
        .args(shape.runner_args());
    // Nothing of the grader's environment (database URLs...) reaches even the wrappers.
    command
        .env_clear()
        .env(
            "PATH",
            "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    command
}

fn bwrap_args(settings: &ProcessSettings, rootfs: &Path, workdir: &Path) -> Vec<String> {
    let rootfs = rootfs.display().to_string();
    let workdir = workdir.display().to_string();
    let runner = settings.runner_dir.display().to_string();
    let args = [
        "--unshare-all",
        "--unshare-user",
        "--disable-userns",
        "--die-with-parent",
        // No `--new-session`: the run is a session of its own already (see `ENTRY`), and
        // another would leave the autogroup given its niceness.
        // The runner itself is the pid namespace's init, which the kernel shields from
        // SIGKILL and SIGSTOP sent from inside: the learner's code, running under the same
        // uid, cannot kill it (as in the docker backend, where it is the container's PID 1).
        "--as-pid-1",
        "--ro-bind",
        &rootfs,
        "/",
        // The rootfs has no /opt/runner to mount on, and it is read-only: a small tmpfs
        // provides the mount point and is made read-only again once the runner is in.
        "--tmpfs",
        "/opt",
        "--ro-bind",
        &runner,
        "/opt/runner",
        "--remount-ro",
        "/opt",
        "--proc",
        "/proc",
        // bwrap's /dev is a tmpfs of its own with no size bound, writable by the sandbox's
        // user (and /dev/shm in it): read-only, only the bounded /tmp stays writable. The
        // device nodes in it are still written to (/dev/null).
        "--dev",
        "/dev",
        "--remount-ro",
        "/dev",
        // The run's own tmpfs, bounded in bytes and files (see `workdir`).
        "--bind",
        &workdir,
        "/tmp",
        "--chdir",
        "/tmp",
        "--clearenv",
        "--setenv",
        "PATH",
        "/usr/local/bin:/usr/bin:/bin",
        "--setenv",
        "LANG",
        "C.UTF-8",
        "--setenv",
        // Nobody's home as in /etc/passwd: it does not exist, so `~` is not writable.
        "HOME",
        "/nonexistent",
        "--uid",
        "65534",
        "--gid",
        "65534",
        "--cap-drop",
        "ALL",
        "--seccomp",
        SECCOMP_FD,
        "--",
        "python3",
        "-I",
        "/opt/runner/runner.py",
    ];
    args.iter().map(|arg| (*arg).to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::sandbox::Job;

    fn job(background: bool) -> Job {
        Job {
            code: String::new(),
            test_code: String::new(),
            module_name: "solution".into(),
            time_limit: Duration::from_secs(1),
            memory_limit_mb: 64,
            background,
            ..Job::default()
        }
    }

    fn args(background: bool) -> Vec<String> {
        let run = Run {
            uid: 12345,
            cgroup: None,
            workdir: Path::new("/tmp/w"),
            seccomp: Path::new("/tmp/s"),
        };
        build(
            &ProcessSettings::default(),
            &Shape::of(&job(background)),
            &run,
        )
        .as_std()
        .get_args()
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect()
    }

    #[test]
    fn a_background_job_yields_more_than_a_learners() {
        for (background, niceness) in [(true, BACKGROUND_NICENESS), (false, LEARNER_NICENESS)] {
            let args = args(background);
            // The session's share (`ENTRY`'s first argument), then the process's.
            assert_eq!(args[..4], ["sh", "-c", ENTRY, "sh"]);
            assert_eq!(args[4], niceness);
            let at = args.iter().position(|arg| arg == "nice").expect("nice");
            assert_eq!(args[at + 1..at + 4], ["-n", niceness, "prlimit"]);
        }
        let (learner, background): (i32, i32) = (
            LEARNER_NICENESS.parse().unwrap(),
            BACKGROUND_NICENESS.parse().unwrap(),
        );
        assert!(0 < learner && learner < background);
    }
}
