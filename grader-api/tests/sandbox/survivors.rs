//! No process of a run outlives it, however the submission tries, on every backend.

use contract::Status;

use std::time::Duration;

use crate::helpers::{backends, job, run_on, HELLO_TESTS};

/// Processes on this host whose command line contains `marker` (the sandboxes' processes
/// are host processes too, in their own namespaces).
fn processes_with(marker: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| std::fs::read(entry.path().join("cmdline")).ok())
        .map(|cmdline| String::from_utf8_lossy(&cmdline).replace('\0', " "))
        .filter(|cmdline| cmdline.contains(marker))
        .collect()
}

#[tokio::test]
async fn no_process_of_a_run_survives_it() {
    let marker = format!("cp-survivor-{}", uuid::Uuid::new_v4().simple());
    // A forked child, if the sandbox allows one, and then the learner's own process
    // replaced (exec needs no fork) by a program that ignores SIGTERM and never ends,
    // both with the marker on their command line.
    let survivor = "import signal, time, sys\\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\\n\
                    signal.signal(signal.SIGHUP, signal.SIG_IGN)\\nwhile True: time.sleep(0.05)";
    let code = format!(
        "import os\n\
         argv = ['python3', '-c', \"{survivor}\", '{marker}']\n\
         try:\n    \
             if os.fork() == 0:\n        \
                 os.setsid()\n        \
                 os.execv('/usr/bin/python3', argv)\n\
         except OSError:\n    \
             pass\n\
         os.execv('/usr/bin/python3', argv)\n"
    );
    let job = job(&code, HELLO_TESTS);
    for sandbox in backends().await {
        let backend = sandbox.name();
        // Watching while the run goes on proves the survivor really ran, so that its
        // absence afterwards means something.
        let watched = marker.clone();
        let watcher = tokio::spawn(async move {
            loop {
                if !processes_with(&watched).is_empty() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        });
        let grade = run_on(sandbox.as_ref(), &job).await;
        let seen = tokio::time::timeout(Duration::from_millis(100), watcher)
            .await
            .is_ok();
        assert!(seen, "{backend}: the survivor never ran: {grade:?}");
        assert_eq!(grade.status, Status::Failed, "{backend}: {grade:?}");
        let survivors = processes_with(&marker);
        assert!(
            survivors.is_empty(),
            "{backend}: processes outlived the run: {survivors:?}"
        );
    }
}
