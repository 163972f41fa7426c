//! The in-container runner's own unit tests, run on the host so `cargo test` covers them.

use std::process::Command;

/// The runner's test scripts: the runner as a whole, and the learner's objects crossing.
const SCRIPTS: &[&str] = &["test_runner.py", "test_objects.py"];

#[test]
fn runner_py_unit_tests_pass() {
    for script in SCRIPTS {
        let path = format!(
            "{}/../grader-image/runner/{script}",
            env!("CARGO_MANIFEST_DIR")
        );
        let output = Command::new("python3")
            .arg(&path)
            .output()
            .expect("python3 on PATH");
        assert!(
            output.status.success(),
            "{script} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
