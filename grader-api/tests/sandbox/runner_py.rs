//! The in-container runner's own unit tests, run on the host so `cargo test` covers them.

use std::process::Command;

#[test]
fn runner_py_unit_tests_pass() {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../grader-image/runner/test_runner.py"
    );
    let output = Command::new("python3")
        .arg(script)
        .output()
        .expect("python3 on PATH");
    assert!(
        output.status.success(),
        "test_runner.py failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
