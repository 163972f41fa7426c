//! Making sure no process of a run outlives it.
//!
//! Normally nothing is left: the run's pid namespace dies with its first process, taking
//! every other process with it. This sweep is the second line: it finds living processes
//! of the run's host uid in `/proc` and kills them all with `kill(-1)` sent AS that uid,
//! which by the kernel's permission rules reaches that uid's processes and nothing else.

use std::time::Duration;

use tokio::process::Command;

const SWEEPS: usize = 100;
const SWEEP_PAUSE: Duration = Duration::from_millis(10);

/// Kills every process whose real uid is `uid` and waits until none is alive.
pub(super) async fn kill_all(uid: u32) {
    for _ in 0..SWEEPS {
        let alive = living(uid);
        if alive == 0 {
            return;
        }
        tracing::debug!(uid, alive, "killing processes left by a sandbox run");
        let status = Command::new("setpriv")
            .arg(format!("--reuid={uid}"))
            .arg(format!("--regid={uid}"))
            .args(["--clear-groups", "--", "sh", "-c", "kill -KILL -1"])
            .env_clear()
            .env("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
            .status()
            .await;
        if let Err(error) = status {
            tracing::warn!(uid, %error, "could not run the sandbox process sweep");
        }
        tokio::time::sleep(SWEEP_PAUSE).await;
    }
    tracing::warn!(
        uid,
        alive = living(uid),
        "sandbox processes survived the sweep"
    );
}

/// How many processes (zombies aside) have `uid` as their real uid.
pub(crate) fn living(uid: u32) -> usize {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter_map(|entry| std::fs::read_to_string(entry.path().join("status")).ok())
        .filter(|status| is_alive_with_uid(status, uid))
        .count()
}

/// This process's real uid, read from `/proc` (no unsafe `getuid` call needed).
pub(super) fn real_uid_of_self() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("Uid:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn is_alive_with_uid(status: &str, uid: u32) -> bool {
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .map(str::trim)
    };
    let zombie = field("State:").is_some_and(|state| state.starts_with('Z'));
    let real_uid =
        field("Uid:").and_then(|uids| uids.split_whitespace().next()?.parse::<u32>().ok());
    !zombie && real_uid == Some(uid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines_are_read_by_real_uid_and_state() {
        let status = "Name:\tpython3\nState:\tS (sleeping)\nUid:\t200001\t200001\t200001\t200001\n";
        assert!(is_alive_with_uid(status, 200_001));
        assert!(!is_alive_with_uid(status, 200_002));
        let zombie = status.replace("S (sleeping)", "Z (zombie)");
        assert!(!is_alive_with_uid(&zombie, 200_001));
    }
}
