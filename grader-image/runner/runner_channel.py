"""The parent's side of the pipes: the learner's process, its limits and its replies.

Replies are untrusted: this module only frames them (one JSON object a line, each
answering the request of the same id, within the deadline and the size bound); what they
say is read by runner_remote.py.
"""

import json
import os
import resource
import selectors
import signal
import subprocess
import sys
import time

from runner_program import child_limits, kill_group
from runner_results import Collector, Stop, text_field

# The name the tests import the submission under when the request names none, and (with
# ".py") its file name in tracebacks. The learner's process is told it in the first request.
DEFAULT_MODULE_NAME = "solution"
# Reads of the output pipe after an output_limit stop: the pipe holds at most 64 KiB or so.
DRAIN_READS = 64
# A reply bigger than this is a runaway return value, not a plausible answer.
REPLY_LIMIT = 8 * 1024 * 1024
# How long a child that closed its pipes has to exit before it is stopped and blamed.
EXIT_WAIT = 1.0
# The learner's whole environment: nothing of the host's or the sandbox's.
CHILD_ENVIRONMENT = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/tmp"}
CHILD_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "runner_child.py")


# The learner's interpreter may be started before the request (``Child()`` while the
# runner waits for it): until ``begin`` it runs none of the learner's code, under these
# bounds, and ``begin`` lowers them to the request's before any of it runs.
START_MEMORY_BYTES = 1024 * 1024 * 1024
START_CPU_SECONDS = 60


def _within_hard(limit, value):
    """``value``, or the hard limit the sandbox set when that is lower (nothing can raise it)."""
    hard = resource.getrlimit(limit)[1]
    return value if hard == resource.RLIM_INFINITY else min(value, hard)


class Child:
    """The learner's interpreter, driven over pipes under the run's deadline and bounds."""

    def __init__(self):
        """Starts the interpreter, which waits for ``begin``."""
        self.deadline = None
        self.module_name = None
        self.output_limit = 0
        self.output = bytearray()
        self.output_size = 0
        self.stop = None
        self.next_id = 0
        self.time_message = ""
        child_reads, self.request_fd = os.pipe()
        self.reply_fd, child_writes = os.pipe()
        self.output_fd, output_write = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-S", CHILD_SCRIPT, str(child_reads), str(child_writes)],
            stdin=subprocess.DEVNULL, stdout=output_write, stderr=output_write,
            pass_fds=(child_reads, child_writes), process_group=0,
            # No new processes or threads: the submission is one single-threaded function.
            preexec_fn=child_limits(_within_hard(resource.RLIMIT_AS, START_MEMORY_BYTES),
                                    _within_hard(resource.RLIMIT_CPU, START_CPU_SECONDS), 1024 * 1024, 0),
            cwd="/tmp" if os.path.isdir("/tmp") else None,
            # Whatever the sandbox's own environment holds stays out of the learner's reach.
            env=CHILD_ENVIRONMENT,
        )
        for fd in (child_reads, child_writes, output_write):
            os.close(fd)
        self.reply_buffer = bytearray()
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.reply_fd, selectors.EVENT_READ)
        self.selector.register(self.output_fd, selectors.EVENT_READ)

    def started(self, seconds):
        """Waits up to ``seconds`` for the interpreter to say it is set up (its imports
        done); whether it did. One that did not is stopped."""
        self.deadline = time.monotonic() + seconds
        try:
            said = self.receive()
        except Stop:
            return False
        if said.get("kind") != "started":
            self.kill()
            return False
        return True

    def waiting(self):
        """Whether the interpreter still waits for ``begin`` (it may have failed to start)."""
        return self.process.poll() is None

    def begin(self, request, deadline):
        """Sends the learner's code with the run's bounds; the child applies the bounds,
        then loads the code."""
        self.deadline = deadline
        self.module_name = request["module_name"]
        self.output_limit = request["output_limit_bytes"]
        seconds_allowed = request["time_limit_ms"] / 1000
        self.time_message = f"Your program took longer than the time limit of {seconds_allowed:.1f} s"
        limits = {"memory_bytes": request["memory_limit_mb"] * 1024 * 1024,
                  "cpu_seconds": request["time_limit_ms"] // 1000 + 2}
        self._send({"code": request["code"], "module": self.module_name, "limits": limits,
                    "output_limit": self.output_limit})
        return self

    def _send(self, message):
        # A child that stops reading can block this write only while the request is bigger
        # than the pipe buffer; the host's wall clock bounds that case.
        data = memoryview((json.dumps(message) + "\n").encode())
        try:
            while data:
                data = data[os.write(self.request_fd, data):]
        except OSError:
            self.fail(self._death())

    def receive(self):
        """The child's next reply, while draining and bounding its output."""
        while True:
            newline = self.reply_buffer.find(b"\n")
            if newline >= 0:
                line = bytes(self.reply_buffer[:newline])
                del self.reply_buffer[: newline + 1]
                try:
                    reply = json.loads(line)
                except Exception:  # noqa: BLE001 - deep nesting is RecursionError, not ValueError.
                    self.fail(Stop("runtime_error", "Your program broke the connection to the tests"))
                if not isinstance(reply, dict):
                    self.fail(Stop("runtime_error", "Your program broke the connection to the tests"))
                return reply
            if len(self.reply_buffer) > REPLY_LIMIT:
                self.fail(Stop("runtime_error", "Your program sent the tests a value that is too large"))
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                self.fail(Stop("time_limit", self.time_message))
            for key, _ in self.selector.select(remaining):
                data = os.read(key.fd, 65536)
                if key.fd == self.output_fd:
                    if not data:
                        self.selector.unregister(self.output_fd)
                    self.count_output(data)
                elif not data:
                    self.fail(self._death())
                else:
                    self.reply_buffer += data

    def count_output(self, data, keep=True):
        self.output_size += len(data)
        if keep:
            self.output += data[: max(self.output_limit - len(self.output), 0)]
        if self.output_size > self.output_limit:
            self.kill()
            self._drain_output()
            dropped = self.output_size - len(self.output)
            self.fail(Stop("output_limit", f"Your program printed too much: more than the limit of "
                            f"{self.output_limit} bytes. It was stopped; the first {len(self.output)} "
                            f"bytes were kept and {dropped} more were dropped."))

    def _drain_output(self):
        """Counts (without keeping) what the stopped child left in its output pipe."""
        os.set_blocking(self.output_fd, False)
        for _ in range(DRAIN_READS):
            try:
                data = os.read(self.output_fd, 65536)
            except (BlockingIOError, OSError):
                return
            if not data:
                return
            self.output_size += len(data)

    def _death(self):
        # A child that closed its end exits at once unless it means to linger: it is not
        # waited for until the deadline, so a closed pipe is a verdict now, not a time limit.
        wait = min(max(self.deadline - time.monotonic(), 0.1), EXIT_WAIT)
        try:
            code = self.process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            return Stop("runtime_error", "Your program closed its connection to the tests")
        if code in (-signal.SIGXCPU, -signal.SIGALRM):
            return Stop("time_limit", self.time_message)
        if code == -signal.SIGKILL:
            return Stop("memory_limit", "Your program was stopped because it used too much memory")
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return Stop("runtime_error", f"Your program crashed while it was being tested ({name})")
        return Stop("runtime_error", f"Your program exited while it was being tested (exit code {code})")

    def fail(self, stop):
        self.kill()
        if self.stop is None:
            self.stop = stop
        raise self.stop

    def request(self, message):
        """Sends one request; returns the id its reply will carry."""
        if self.stop is not None:
            raise self.stop
        self.next_id += 1
        message["id"] = self.next_id
        self._send(message)
        return self.next_id

    def answer(self, message):
        """Sends the answer to a call of one of the tests' functions."""
        if self.stop is not None:
            raise self.stop
        self._send(message)

    def next_message(self):
        """The child's next reply or call, after passing on what the learner's code printed
        before sending it."""
        message = self.receive()
        printed = text_field(message.get("stdout"))
        if printed:
            # Printing inside a request goes wherever the test points sys.stdout (which is
            # the Collector unless the test captures it) and always counts against the limit.
            if isinstance(sys.stdout, Collector):
                sys.stdout.write(printed)
            else:
                self.count_output(printed.encode("utf-8", "replace"), keep=False)
                sys.stdout.write(printed)
        return message

    def kill(self):
        kill_group(self.process)

