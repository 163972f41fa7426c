"""The in-sandbox test runner of code-platform.

Protocol: stdin carries one JSON object
``{"nonce", "code", "tests", "io_cases", "language", "module_name", "time_limit_ms",
"memory_limit_mb", "output_limit_bytes"}`` (``tests`` may be empty when there are cases;
``language`` is the grader's languages.toml entry);
stdout ends with exactly one line ``CP-RESULT <nonce> <json>`` where json is
``{"status", "verdict", "tests": [{"name", "passed", "message", "duration_ms"}], "feedback", "duration_ms"}``.

Security design (the submission must not be able to forge a pass):

* This process (the trusted parent) reads stdin completely, closes it and makes itself
  non-dumpable, so a process of the same uid can neither ptrace it nor read its memory or
  file descriptors through /proc. The nonce lives only in its memory.
* The submitted code runs in a CHILD interpreter started with ``-I -S`` and connected by
  two pipes this process creates. The child never sees the nonce nor the hidden tests.
  Its own stdout and stderr go to a third pipe that the parent reads with a bound.
* The hidden ``unittest`` tests run HERE, with unittest, the result collection and the
  verdict. ``solution`` is a local module whose functions, classes and objects are
  stand-ins: every use of one is a request to the child (runner_remote.py), answered by
  one reply. Builtin values cross as copies of the exact builtin type (runner_values.py);
  any other object stays in the child and crosses as a handle, its stand-in an instance
  of a local class of the same name (runner_proxies.py). A stand-in never equals a plain
  value, whatever its ``__eq__`` says, and every answer the child gives must be of the
  type Python promises (a real ``bool`` from ``==``): an object with a lying ``__eq__``
  cannot pass an ``assertEqual`` against an expected value. Nothing the child sends can mark a test
  passed: it only ever answers a request the tests made.
  Printing inside a request is forwarded to the parent's ``sys.stdout`` (so tests may
  capture it with ``contextlib.redirect_stdout``); ``input()`` is not supported.
* The child gets rlimits (address space, CPU time, file size, no new processes, open
  files, no core dumps), an environment of only PATH, LANG and HOME, and its own process
  group (in the sandbox's session, whose CPU share the host sets).
  Its output counts up to ``output_limit_bytes``; past that it is stopped, the rest of its
  output is counted but dropped, and the feedback says how much (``output_limit``).
* The child could still signal this process (same uid): it runs in its own group, and
  the parent ignores every catchable signal. SIGKILL/SIGSTOP cannot be ignored, except that
  in the container the runner is PID 1, which the kernel shields from them. The real
  guarantee is on the host: no ``CP-RESULT`` line with the right nonce means "not passed".

* stdin/stdout cases (runner_program.py) are run HERE too: the source is written to /tmp
  and built before any of the learner's code runs, then each case is one process of the
  program with the case's input on a pipe; its output is compared in this process, and
  the expected output never leaves it. ``time_limit_ms`` bounds each case (and, apart,
  the unittest run).

Run as ``python3 -I runner.py [--ready] [--start-child]``: with ``--ready`` the runner writes
``CP-READY`` on a line of its own once it is set up, before it reads its request; with
``--start-child`` the learner's interpreter starts (runner_channel.Child) before the request
too. A sandbox started ahead of its job uses both (the host passes ``--start-child`` when it
expects unittest tests). Files: runner.py (this: a run from request to result line),
runner_channel.py (the child process and its pipes), runner_remote.py (requests to the
child and the checks of its replies), runner_handles.py (the learner's objects and classes
the tests hold, by handle), runner_proxies.py (the stand-in classes),
runner_values.py (the format of values, used by both sides), runner_child.py and
runner_child_objects.py (the child's side), runner_results.py (per-test outcomes and
output collection), runner_program.py (building the code and running stdin/stdout cases).
"""

import os
import sys

# The runner's own modules sit next to it; -I leaves this directory off sys.path. No
# bytecode is written: the image is read-only and a checkout should stay clean.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from runner_channel import DEFAULT_MODULE_NAME, Child, Stop  # noqa: E402


def _lead_a_process_group():
    """The process backend makes the sandbox's session outside bwrap's pid namespace (so
    that the host can give it its CPU share), which left the runner in a process group
    whose leader no process inside can name: a learner's process asking for its parent's
    group got 0, and ``killpg`` of that killed its own. As the leader of a group of its
    own, the runner is that group, and the kernel shields it as the namespace's init. A
    container's init leads one already."""
    try:
        os.setpgid(0, 0)
    except OSError:
        pass


_lead_a_process_group()


def _start_child():
    """The learner's interpreter, started before the request when the host expects hidden
    unittest tests (``--start-child``): it boots while this process imports the rest and
    waits for the request. None if it could not start (the run then starts one itself, and
    reports why not)."""
    if "--start-child" not in sys.argv[1:]:
        return None
    try:
        return Child()
    except Exception:  # noqa: BLE001
        return None


# A run without unittest tests stops it unused.
_STARTED_CHILD = _start_child()

import json  # noqa: E402
import keyword  # noqa: E402
import signal  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import types  # noqa: E402
import unittest  # noqa: E402

from runner_node import run_tests  # noqa: E402
from runner_program import Failed, Program  # noqa: E402
from runner_proxies import show_in_messages  # noqa: E402
from runner_remote import Remote  # noqa: E402
from runner_results import FEEDBACK_LIMIT, MESSAGE_LIMIT, Collector, Results, bound, storable, text_field, with_output  # noqa: E402

# How long the learner's interpreter may take to start (its imports, before any of the
# learner's code); the host's wall clock bounds the whole run anyway.
CHILD_START_SECONDS = 10
# What the runner writes when it is set up and waits for its request (``--ready``).
READY_LINE = "CP-READY\n"
# The name the hidden tests are compiled under. linecache never looks up a name in angle
# brackets on disk, so no traceback of the tests reads a file the submission could plant.
TESTS_NAME = "<hidden tests>"
# Strings longer than this are compared without a diff: only a failure's first line is
# shown, and a diff of long texts costs the tests' time (difflib is quadratic).
DIFF_THRESHOLD = 4096


def run(request, started):
    """Grades ``request["code"]`` against the request's tests and stdin/stdout cases."""
    cases, tests = request["io_cases"], request["tests"]
    if not cases and not tests.strip():
        raise ValueError("the request has neither tests nor io_cases")
    style = request["language"].get("tests")
    if tests.strip() and style not in ("unittest", "node:test"):
        raise ValueError(f"this runner has no test style for {request['language'].get('name')!r}")
    program = None
    if cases:
        program = Program(request)
        try:
            program.build(request["code"])
        except Failed as failed:
            return {"status": "failed", "verdict": failed.verdict, "tests": [],
                    "feedback": bound(str(failed), FEEDBACK_LIMIT)}
    result = None
    if tests.strip():
        if style == "unittest":
            result = _unittest(request, time.monotonic())
        else:
            result = run_tests(request, time.monotonic())
        if not cases or (result["status"] == "failed" and result["verdict"] != "tests_failed"):
            return result
    outcomes, verdict = list(result["tests"]) if result else [], result and result["verdict"]
    for case in cases:
        outcome, case_verdict = program.run_case(case)
        outcomes.append(outcome)
        verdict = verdict or case_verdict
    return _summary(outcomes, verdict)


def _summary(outcomes, verdict):
    failures = [outcome for outcome in outcomes if not outcome["passed"]]
    if verdict is None and not failures:
        return {"status": "passed", "verdict": None, "tests": outcomes,
                "feedback": f"All {len(outcomes)} tests passed." if len(outcomes) > 1 else "The test passed."}
    first = failures[0]
    summary = f"{len(outcomes) - len(failures)} of {len(outcomes)} tests passed.\n{first['name']}: {first['message']}"
    return {"status": "failed", "verdict": verdict or "tests_failed", "tests": outcomes,
            "feedback": bound(summary, FEEDBACK_LIMIT)}


def _unittest(request, started):
    """Runs the hidden unittest tests against the learner's module in a child."""
    if not module_name_usable(request["module_name"]):
        raise ValueError(f"module name {request['module_name']!r} is not a free identifier")
    global _STARTED_CHILD
    child, _STARTED_CHILD = _STARTED_CHILD, None
    if child is None or not child.waiting():
        if child is not None:
            child.kill()
        child = Child()
        if not child.started(CHILD_START_SECONDS):
            raise RuntimeError("the learner's interpreter did not start")
    child.begin(request, started + request["time_limit_ms"] / 1000)
    sys.stdout = Collector(child)
    try:
        return _grade(request, child)
    except Stop as stop:
        return _failed(stop.verdict, [], str(stop), child)
    finally:
        child.kill()


def _grade(request, child):
    ready = child.receive()
    kind = ready.get("kind")
    if kind == "syntax_error":
        return _failed("syntax_error", [], "Your code has a syntax error:\n" + text_field(ready.get("message")), child)
    if kind == "import_error":
        message = "Your code raised an error while it was loaded:\n" + text_field(ready.get("message"))
        return _failed("runtime_error", [], message, child)
    if kind == "memory_error":
        return _failed("memory_limit", [], "Your program ran out of memory while it was loaded", child)
    if kind != "ready" or not isinstance(ready.get("names"), dict):
        return _failed("runtime_error", [], "Your program broke the connection to the tests", child)
    sys.modules[child.module_name] = Remote(child).module(ready["names"])
    hidden = types.ModuleType("hidden_tests")
    try:
        exec(compile(request["tests"], TESTS_NAME, "exec"), hidden.__dict__)
    except ImportError as error:
        if error.name != child.module_name:
            raise
        outcome = {"name": "import", "passed": False, "message": bound(str(error), MESSAGE_LIMIT)}
        return _failed("tests_failed", [outcome], "The tests could not find what they need: " + str(error), child)
    results = Results()
    unittest.defaultTestLoader.loadTestsFromModule(hidden).run(results)
    outcomes = results.outcomes
    if child.stop is not None:
        return _failed(child.stop.verdict, outcomes, str(child.stop), child)
    failures = [outcome for outcome in outcomes if not outcome["passed"]]
    if failures:
        passed = len(outcomes) - len(failures)
        summary = f"{passed} of {len(outcomes)} tests passed.\n{failures[0]['name']}: {failures[0]['message']}"
        return _failed("tests_failed", outcomes, summary, child)
    if not outcomes:
        raise RuntimeError("the hidden tests define no test")
    feedback = f"All {len(outcomes)} tests passed." if len(outcomes) > 1 else "The test passed."
    return {"status": "passed", "verdict": None, "tests": outcomes, "feedback": _with_output(feedback, child)}


def _failed(verdict, outcomes, feedback, child):
    return {"status": "failed", "verdict": verdict, "tests": outcomes, "feedback": _with_output(feedback, child)}


def _with_output(feedback, child):
    return with_output(feedback, child.output)


def _make_undumpable():
    """Hides this process's memory and descriptors from same-uid processes (/proc, ptrace)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_dumpable = 4
    if libc.prctl(pr_set_dumpable, 0, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_DUMPABLE, 0) failed")


def _ignore_signals():
    """Ignores every signal the child could send to disturb the tests, except SIGCHLD."""
    for number in range(1, signal.NSIG):
        if number in (signal.SIGCHLD, signal.SIGKILL, signal.SIGSTOP):
            continue
        try:
            signal.signal(number, signal.SIG_IGN)
        except (OSError, ValueError):
            pass


def _leave_the_learners_reach():
    """Moves this process out of every path the submission can write.

    The sandbox starts the runner in /tmp, which the submission shares. From "/" (read-only)
    no relative name this process resolves (a test file, a module, linecache) can reach a
    file the submission made; sys.path holds only read-only directories (-I drops the
    current one).
    """
    os.chdir("/")
    sys.path[:] = [entry for entry in sys.path if entry and os.path.isabs(entry)]
    unittest.TestCase._diffThreshold = DIFF_THRESHOLD
    unittest.util.safe_repr = unittest.case.safe_repr = show_in_messages(unittest.util.safe_repr)


def module_name_usable(name):
    """Whether the learner's module may take ``name``: an identifier that no module of the
    interpreter's or of this runner has. Installed under a standard name (``json``), the
    learner's module would be called by the trusted side itself."""
    return (isinstance(name, str) and name.isidentifier() and not keyword.iskeyword(name)
            and name not in sys.stdlib_module_names and name not in sys.modules
            and not name.startswith("runner") and name != "hidden_tests")


def _read_request():
    request = json.loads(sys.stdin.buffer.read())
    sys.stdin.close()
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    return {
        "nonce": str(request["nonce"]),
        "code": str(request["code"]),
        "tests": str(request.get("tests") or ""),
        "io_cases": [_case(case) for case in request.get("io_cases") or []],
        "language": dict(request["language"]),
        "module_name": str(request.get("module_name", DEFAULT_MODULE_NAME)),
        "time_limit_ms": int(request["time_limit_ms"]),
        "memory_limit_mb": int(request["memory_limit_mb"]),
        "output_limit_bytes": int(request["output_limit_bytes"]),
    }


def _case(case):
    return {"name": str(case["name"]), "input": str(case.get("input", "")),
            "expected_output": str(case["expected_output"]), "compare": str(case.get("compare", "lines"))}



def main():
    global _STARTED_CHILD
    started = time.monotonic()
    result_stream = sys.stdout
    nonce = ""
    try:
        # The sandbox starts the runner in its writable /tmp, where cases are built and run.
        workdir = os.getcwd()
        _ignore_signals()
        _make_undumpable()
        _leave_the_learners_reach()
        if _STARTED_CHILD is not None and not _STARTED_CHILD.started(CHILD_START_SECONDS):
            _STARTED_CHILD = None
        if "--ready" in sys.argv[1:]:
            # Everything before the request is done: the host may count this run as started.
            result_stream.write(READY_LINE)
            result_stream.flush()
        # The host may start the runner well before it has a job (a warm sandbox): the
        # run's time counts from its request.
        request = _read_request()
        started = time.monotonic()
        request["workdir"] = workdir
        nonce = request["nonce"]
        result = run(request, started)
    except BaseException:  # noqa: BLE001 - whatever broke, the host gets an `error` result.
        sys.stdout = result_stream
        traceback.print_exc(file=sys.stderr)
        result = {"status": "error", "verdict": None, "tests": [],
                  "feedback": "The test runner failed; this is not a problem with your code."}
    sys.stdout = result_stream
    if _STARTED_CHILD is not None:
        _STARTED_CHILD.kill()
    result["duration_ms"] = int((time.monotonic() - started) * 1000)
    # ASCII JSON of storable text: the host reads it whatever bytes the learner produced.
    result_stream.write(f"CP-RESULT {nonce} {json.dumps(storable(result))}\n")
    result_stream.flush()
    # Nothing is left to do, and the interpreter's own teardown would only keep the host
    # waiting for the end of the output.
    os._exit(0)


if __name__ == "__main__":
    main()
