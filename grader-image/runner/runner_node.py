"""Hidden ``node:test`` tests for JavaScript: two node processes, wired up and judged here.

The tests run in a node process of their own (node/tests.js, with node/reporter.mjs);
the learner's code in another (node/learner.js), which answers the tests' requests about
its values over two pipes (node/protocol.js). Neither gets the nonce. This process:

* hands each its text on a pipe of its own (the hidden tests never touch the disk),
* confines the learner's process with Landlock (runner_landlock.py): it shares the tests
  process's uid, and a fresh node executable is dumpable, so without the domain the
  learner could open /proc/<tests>/fd or /proc/<tests>/mem and write a forged report,
* reads the results from a report pipe only the tests' process holds, and the learner's
  output with the output limit, under the run's deadline, and
* judges: a load failure, the learner's process dying (a crash, memory), the time limit,
  too much output, or the tests' results.

A kernel without Landlock cannot keep the learner out of the tests' process: the run is
refused with an ``error`` result rather than graded without that guarantee.
"""

import json
import os
import resource
import selectors
import signal
import subprocess
import time

import runner_landlock
from runner_program import ENVIRONMENT, child_limits, kill_group
from runner_results import MESSAGE_LIMIT, bound, text_field, with_output

NODE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "node")
NODE_FLAGS = ["--v8-pool-size=1", "--single-threaded"]
# The tests' process is trusted, yet bounded: its heap (the language's tests_memory_mb,
# which the sandbox's memory counts, less what node holds besides its heap), its address
# space (V8 reserves far more than it uses) and its share of the uid's processes and threads.
NODE_BASE_MB = 64
TESTS_ADDRESS_SPACE = 4096 * 1024 * 1024
TESTS_PROCESSES = 64
# Threads the tests' process and this one hold under the same uid: RLIMIT_NPROC counts
# them against the learner's process too.
SHARED_THREADS = 16
REPORT_LIMIT = 8 * 1024 * 1024
STDERR_KEEP = 4000
# How long the learner's process may take to exit once the tests saw it gone.
EXIT_WAIT = 1.0


class Run:
    """One run of the hidden tests: both processes, their pipes, what they said."""

    def __init__(self, request):
        self.request = request
        self.language = request["language"]
        self.output_limit = request["output_limit_bytes"]
        self.output = bytearray()
        self.output_size = 0
        self.stderr = bytearray()
        self.tests_stderr = bytearray()
        self.report = bytearray()
        self.outcomes = []
        self.events = []
        self.flooded = False
        self.timed_out = False
        self.death = None

    def start(self):
        request, language = self.request, self.language
        to_learner_r, to_learner_w = os.pipe()
        to_tests_r, to_tests_w = os.pipe()
        code_r, code_w = os.pipe()
        tests_r, tests_w = os.pipe()
        self.report_fd, report_w = os.pipe()
        self.output_fd, output_w = os.pipe()
        self.stderr_fd, stderr_w = os.pipe()
        self.tests_output_fd, tests_output_w = os.pipe()

        memory_mb = request["memory_limit_mb"]
        address_space = (memory_mb + language.get("address_space_slack_mb", 0)) * 1024 * 1024
        seconds = request["time_limit_ms"] // 1000 + 2
        limits = child_limits(address_space, seconds, 1024 * 1024, language.get("processes", 0) + SHARED_THREADS)
        workdir = request["workdir"]

        def confine():
            limits()
            runner_landlock.restrict([workdir, "/dev"])

        self.learner = subprocess.Popen(
            ["node", *NODE_FLAGS, f"--max-old-space-size={memory_mb}", os.path.join(NODE_DIR, "learner.js"),
             str(to_learner_r), str(to_tests_w), str(code_r)],
            stdin=subprocess.DEVNULL, stdout=output_w, stderr=stderr_w,
            pass_fds=(to_learner_r, to_tests_w, code_r), process_group=0, preexec_fn=confine,
            cwd=workdir, env=ENVIRONMENT,
        )
        tests_heap_mb = max(language.get("tests_memory_mb", 160) - NODE_BASE_MB, 32)
        self.tests = subprocess.Popen(
            ["node", *NODE_FLAGS, f"--max-old-space-size={tests_heap_mb}",
             f"--test-reporter={os.path.join(NODE_DIR, 'reporter.mjs')}", "--test-reporter-destination=stderr",
             os.path.join(NODE_DIR, "tests.js"), str(to_tests_r), str(to_learner_w), str(tests_r), str(report_w)],
            stdin=subprocess.DEVNULL, stdout=tests_output_w, stderr=tests_output_w,
            pass_fds=(to_tests_r, to_learner_w, tests_r, report_w), process_group=0,
            preexec_fn=child_limits(_within_hard(resource.RLIMIT_AS, TESTS_ADDRESS_SPACE), seconds, 1024 * 1024,
                                    _within_hard(resource.RLIMIT_NPROC, TESTS_PROCESSES)),
            cwd="/", env=ENVIRONMENT,
        )
        for fd in (to_learner_r, to_tests_w, code_r, to_tests_r, to_learner_w, tests_r, report_w, output_w,
                   tests_output_w, stderr_w):
            os.close(fd)
        # Each reader starts by reading its text to the end, so these writes finish.
        _write_all(code_w, request["code"].encode("utf-8", "surrogatepass"))
        _write_all(tests_w, request["tests"].encode("utf-8", "surrogatepass"))

    def collect(self, deadline):
        """Reads everything until the tests' process is done or the deadline passes."""
        selector = selectors.DefaultSelector()
        for fd in (self.report_fd, self.output_fd, self.stderr_fd, self.tests_output_fd):
            os.set_blocking(fd, False)
            selector.register(fd, selectors.EVENT_READ)
        # The tests' process closing the report is the end (the learner's process may
        # linger a moment); so is too much output.
        while not self.flooded:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.timed_out = True
                break
            ended = False
            for key, _ in selector.select(remaining):
                try:
                    data = os.read(key.fd, 65536)
                except BlockingIOError:
                    continue
                if not data:
                    selector.unregister(key.fd)
                    ended = ended or key.fd == self.report_fd
                elif key.fd == self.report_fd:
                    self._reported(data)
                elif key.fd == self.output_fd or key.fd == self.stderr_fd:
                    self._printed(data, key.fd == self.stderr_fd)
                else:
                    self.tests_stderr += data[: max(STDERR_KEEP - len(self.tests_stderr), 0)]
            if ended:
                break
        selector.close()
        if not self.flooded:
            self._drain()

    def _drain(self):
        """Keeps what the learner printed just before the end, still in its pipes."""
        for fd in (self.output_fd, self.stderr_fd):
            for _ in range(16):
                try:
                    data = os.read(fd, 65536)
                except (BlockingIOError, OSError):
                    break
                if not data:
                    break
                self._printed(data, fd == self.stderr_fd)

    def _reported(self, data):
        self.report += data
        if len(self.report) > REPORT_LIMIT:
            raise RuntimeError("the tests' process reported too much")
        *lines, rest = bytes(self.report).split(b"\n")
        self.report = bytearray(rest)
        for line in lines:
            event = json.loads(line)
            if not isinstance(event, dict):
                raise RuntimeError("the tests' process reported something that is not an object")
            self.events.append(event)
            if event.get("kind") == "test":
                self.outcomes.append({
                    "name": text_field(event.get("name")) or "test",
                    "passed": event.get("passed") is True,
                    "message": bound(text_field(event.get("message")), MESSAGE_LIMIT),
                    "duration_ms": int(event.get("duration_ms") or 0),
                })

    def _printed(self, data, stderr):
        self.output_size += len(data)
        self.output += data[: max(self.output_limit - len(self.output), 0)]
        if stderr:
            # The end of stderr says why a crashed process crashed.
            self.stderr = (self.stderr + data)[-STDERR_KEEP:]
        if self.output_size > self.output_limit:
            self.flooded = True

    def stop(self):
        for process in (self.learner, self.tests):
            kill_group(process)
        for fd in (self.report_fd, self.output_fd, self.stderr_fd, self.tests_output_fd):
            os.close(fd)

    def learner_death(self):
        """What stopped the learner's process while the tests ran, as (verdict, message)."""
        try:
            code = self.learner.wait(timeout=EXIT_WAIT)
        except subprocess.TimeoutExpired:
            return "runtime_error", "Your program broke the connection to the tests"
        errors = bytes(self.stderr).decode("utf-8", "replace")
        if code == -signal.SIGXCPU:
            return "time_limit", self.time_message()
        if code == -signal.SIGKILL or any(sign in errors for sign in self.language.get("out_of_memory", [])):
            return "memory_limit", "Your program was stopped because it used too much memory"
        last = [line for line in errors.strip().splitlines() if line.strip()]
        because = f": {last[-1].strip()}" if last else ""
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return "runtime_error", f"Your program crashed while it was being tested ({name}){because}"
        return "runtime_error", f"Your program exited while it was being tested (exit code {code}){because}"

    def time_message(self):
        return f"Your program took longer than the time limit of {self.request['time_limit_ms'] / 1000:.1f} s"


def run_tests(request, started):
    """Grades ``request["code"]`` against its ``node:test`` file; returns the result."""
    if runner_landlock.abi() < 1:
        raise RuntimeError("JavaScript tests need Landlock (Linux 5.13 or later, enabled) to keep the learner's "
                           "process out of the tests' process; this grader's kernel has none")
    run = Run(request)
    run.start()
    try:
        run.collect(started + request["time_limit_ms"] / 1000)
        gone = [event for event in run.events if event.get("kind") == "gone"]
        if gone and gone[0].get("broken") is True:
            # The learner's process sent what no honest one does (too large, not the protocol).
            run.death = ("runtime_error", text_field(gone[0].get("message")))
        elif gone:
            run.death = run.learner_death()
    finally:
        run.stop()
    return _judge(run)


def _judge(run):
    events = {event.get("kind"): event for event in run.events}
    outcomes = run.outcomes
    if "load" in events:
        event = events["load"]
        message = text_field(event.get("message"))
        if event.get("status") == "syntax_error":
            return _failed(run, "syntax_error", [], "Your code has a syntax error:\n" + message)
        return _failed(run, "runtime_error", [], "Your code raised an error while it was loaded:\n" + message)
    if run.flooded:
        dropped = run.output_size - len(run.output)
        return _failed(run, "output_limit", outcomes, f"Your program printed too much: more than the limit of "
                       f"{run.output_limit} bytes. It was stopped; the first {len(run.output)} bytes were kept "
                       f"and {dropped} more were dropped.")
    if run.death is not None:
        verdict, message = run.death
        return _failed(run, verdict, outcomes, message)
    if run.timed_out:
        return _failed(run, "time_limit", outcomes, run.time_message())
    if "tests_error" in events:
        message = text_field(events["tests_error"].get("message"))
        outcome = {"name": "the tests' file", "passed": False, "message": bound(message, MESSAGE_LIMIT)}
        return _failed(run, "tests_failed", [outcome], "The tests could not run: " + message)
    if "done" not in events:
        errors = bytes(run.tests_stderr).decode("utf-8", "replace").strip()
        raise RuntimeError(f"the tests' process ended without a report (exit {run.tests.returncode}): {errors}")
    if not outcomes:
        raise RuntimeError("the hidden tests define no test")
    failures = [outcome for outcome in outcomes if not outcome["passed"]]
    if failures:
        summary = f"{len(outcomes) - len(failures)} of {len(outcomes)} tests passed.\n" \
                  f"{failures[0]['name']}: {failures[0]['message']}"
        return _failed(run, "tests_failed", outcomes, summary)
    feedback = f"All {len(outcomes)} tests passed." if len(outcomes) > 1 else "The test passed."
    return {"status": "passed", "verdict": None, "tests": outcomes, "feedback": with_output(feedback, run.output)}


def _failed(run, verdict, outcomes, feedback):
    return {"status": "failed", "verdict": verdict, "tests": outcomes, "feedback": with_output(feedback, run.output)}


def _within_hard(limit, wanted):
    """``wanted``, or the sandbox's hard limit when that is lower (it cannot be raised)."""
    hard = resource.getrlimit(limit)[1]
    return wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)


def _write_all(fd, data):
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view):]
    except BrokenPipeError:
        pass  # The reader is gone; what it says about that comes from its exit.
    finally:
        os.close(fd)
