"""Checks the corpus with plain Python, without the sandbox.

For every exercise folder next to this file, copies the reference solution and then each
wrong solution as ``solution.py`` next to ``tests.py`` in a fresh temporary directory and
runs ``python -m unittest tests`` there: the reference must pass, every wrong one must fail.

Run with the system interpreter: ``/usr/bin/python3 grader-image/corpus/check_plain.py``
(optionally followed by exercise folder names to check only those). Exits non-zero when any
expectation does not hold.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# A test run taking longer than this is a runaway, not a slow exercise.
TIMEOUT_SECONDS = 20


def exercises(names):
    folders = sorted(
        name for name in os.listdir(HERE) if os.path.isfile(os.path.join(HERE, name, "tests.py"))
    )
    if names:
        missing = sorted(set(names) - set(folders))
        if missing:
            sys.exit(f"no such exercise: {', '.join(missing)}")
        folders = [name for name in folders if name in names]
    return folders


def run(folder, solution):
    """Runs the folder's tests against ``solution``; returns (passed, seconds, output)."""
    with tempfile.TemporaryDirectory() as work:
        shutil.copy(os.path.join(HERE, folder, "tests.py"), work)
        shutil.copy(solution, os.path.join(work, "solution.py"))
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-B", "-m", "unittest", "tests"],
            cwd=work, capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
        )
        return done.returncode == 0, time.monotonic() - started, done.stderr


def failed_tests(output):
    """The names of the failed and erroring tests in unittest's report, with their kind."""
    names = {}
    for line in output.splitlines():
        kind, _, rest = line.partition(": ")
        if kind in ("FAIL", "ERROR") and rest:
            names[f"{rest.split(' ')[0]} ({kind.lower()})"] = None
    return list(names)


def main():
    problems = []
    cases = 0
    for folder in exercises(sys.argv[1:]):
        wrong = os.path.join(HERE, folder, "wrong")
        solutions = [("reference", os.path.join(HERE, folder, "solution.py"), True)]
        solutions += [
            (f"wrong/{name}", os.path.join(wrong, name), False)
            for name in sorted(os.listdir(wrong)) if name.endswith(".py")
        ]
        if len(solutions) < 2:
            problems.append(f"{folder}: no wrong/*.py")
        for label, path, should_pass in solutions:
            cases += 1
            passed, seconds, output = run(folder, path)
            mark = "ok  " if passed == should_pass else "FAIL"
            failing = ", ".join(failed_tests(output))
            print(f"{mark} {folder} {label}: {'passed' if passed else 'failed ' + failing} in {seconds:.2f} s")
            if passed != should_pass:
                problems.append(f"{folder} {label}: expected to {'pass' if should_pass else 'fail'}")
                if should_pass:
                    print(output, file=sys.stderr)
    print(f"{cases} solutions checked, {len(problems)} problem(s)")
    for problem in problems:
        print("  " + problem)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
