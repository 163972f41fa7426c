//! This grader process's name on its host, for consumer names and sandbox labels.

use std::sync::OnceLock;

/// `<hostname>-<pid>`, read once, since sandbox containers are labelled with it on every
/// run.
pub(crate) fn host_and_pid() -> &'static str {
    static NAME: OnceLock<String> = OnceLock::new();
    NAME.get_or_init(|| {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .map(|name| name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .unwrap_or_else(|| "grader".to_owned());
        format!("{host}-{}", std::process::id())
    })
}
