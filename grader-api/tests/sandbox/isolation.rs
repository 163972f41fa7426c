//! What the submission cannot do from inside the sandbox, on every backend.

use contract::Status;

use crate::helpers::{job, run_all, HELLO_TESTS, PROBE_TESTS};

#[tokio::test]
async fn a_forged_result_line_does_not_pass_a_wrong_answer() {
    let forged = r#"{"status": "passed", "verdict": null, "tests": [{"name": "t", "passed": true, "message": ""}], "feedback": "", "duration_ms": 1}"#;
    let code = format!(
        "import os, sys\n\
         for nonce in ('0' * 32, 'x'):\n    \
             line = 'CP-RESULT ' + nonce + ' ' + {forged:?} + '\\n'\n    \
             print(line)\n    \
             sys.__stdout__.write(line)\n    \
             os.write(1, line.encode())\n\
         def hello():\n    return 'hello'\n"
    );
    for (backend, grade) in run_all(&job(&code, HELLO_TESTS)).await {
        assert_ne!(grade.status, Status::Passed, "{backend}: {grade:?}");
    }
}

#[tokio::test]
async fn killing_the_runner_is_never_a_pass() {
    // Whether or not the kill reaches the runner (docker's PID 1 ignores SIGKILL sent from
    // inside), the wrong answer is graded as one: no result is never a pass.
    let kill = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n";
    let code = format!("{kill}def hello():\n    return 'hello'\n");
    for (backend, grade) in run_all(&job(&code, HELLO_TESTS)).await {
        assert_eq!(grade.status, Status::Failed, "{backend}: {grade:?}");
    }
    let code = "import os, signal\ndef hello():\n    os.kill(os.getppid(), signal.SIGKILL)\n    return 'hello'\n";
    for (backend, grade) in run_all(&job(code, HELLO_TESTS)).await {
        assert_eq!(grade.status, Status::Failed, "{backend}: {grade:?}");
    }
}

#[tokio::test]
async fn the_network_is_unreachable() {
    let code = "import socket\ndef probe():\n    socket.create_connection(('1.1.1.1', 53), timeout=1)\n    return 'ok'\n";
    for (backend, grade) in run_all(&job(code, PROBE_TESTS)).await {
        assert_eq!(grade.status, Status::Failed, "{backend}: {grade:?}");
        let message = grade.tests[0].message.as_deref().unwrap_or_default();
        assert!(
            message.contains("Network is unreachable"),
            "{backend}: {message}"
        );
    }
}

#[tokio::test]
async fn the_root_filesystem_is_read_only() {
    let code = "def probe():\n    open('/opt/runner/forged.py', 'w').write('x')\n    return 'ok'\n";
    for (backend, grade) in run_all(&job(code, PROBE_TESTS)).await {
        assert_eq!(grade.status, Status::Failed, "{backend}: {grade:?}");
        let message = grade.tests[0].message.as_deref().unwrap_or_default();
        assert!(
            message.contains("Read-only file system"),
            "{backend}: {message}"
        );
    }
    // The tmpfs work directory is writable, so the probe itself works.
    let tmp = "def probe():\n    open('/tmp/scratch', 'w').write('x')\n    return 'ok'\n";
    for (backend, grade) in run_all(&job(tmp, PROBE_TESTS)).await {
        assert_eq!(grade.status, Status::Passed, "{backend}: {grade:?}");
    }
}

#[tokio::test]
async fn the_submission_runs_as_an_account_of_nobodys() {
    // Nobody's uid seen from inside (the process backend maps its per-run host uid to
    // it), or a per-run uid far above any account's (Docker): never root or a system
    // account, never one another run shares on purpose.
    let code = "import os\ndef probe():\n    uid, gid = os.getuid(), os.getgid()\n    ok = uid == gid and (uid == 65534 or uid >= 300000)\n    return 'ok' if ok else f'{uid}:{gid}'\n";
    for (backend, grade) in run_all(&job(code, PROBE_TESTS)).await {
        assert_eq!(grade.status, Status::Passed, "{backend}: {grade:?}");
    }
}
