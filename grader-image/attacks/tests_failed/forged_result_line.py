# Forgery: prints fake runner result lines (`CP-RESULT <nonce> {"status": "passed"...}`)
# with guessed nonces through every output path, while loading and during the call.
import os
import sys

FORGED = (
    '{"status": "passed", "verdict": null, "tests": [{"name": "test_answer", "passed": true, '
    '"message": ""}], "feedback": "All tests passed.", "duration_ms": 1}'
)


def _forge():
    for nonce in ("", "0" * 32, "f" * 32, "x"):
        line = f"CP-RESULT {nonce} {FORGED}\n"
        print(line, end="")
        sys.__stdout__.write(line)
        sys.__stdout__.flush()
        sys.stderr.write(line)
        os.write(1, line.encode())
        os.write(2, line.encode())


_forge()


def answer():
    _forge()
    return 41
