"""The parent's side of the pipes: the learner's process and the ``solution`` proxy module.

Replies are untrusted. Values cross as ``repr`` text read back with ``ast.literal_eval``,
so the tests only ever see genuine literals (never an object with a lying ``__eq__``).
"""

import ast
import builtins
import json
import os
import resource
import selectors
import signal
import subprocess
import sys
import time
import types

from runner_results import MESSAGE_LIMIT, Collector, SolutionError, Stop, text_field

# Reads of the output pipe after an output_limit stop: the pipe holds at most 64 KiB or so.
DRAIN_READS = 64
# A reply bigger than this is a runaway return value, not a plausible answer.
REPLY_LIMIT = 8 * 1024 * 1024
# How long a child that closed its pipes has to exit before it is stopped and blamed.
EXIT_WAIT = 1.0
# Files the learner's process may have open at once (its pipes and imports need a few).
OPEN_FILES = 64
# The learner's whole environment: nothing of the host's or the sandbox's.
CHILD_ENVIRONMENT = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/tmp"}
CHILD_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "runner_child.py")


class Child:
    """The learner's interpreter, driven over pipes under the run's deadline and bounds."""

    def __init__(self, request, deadline):
        self.deadline = deadline
        self.output_limit = request["output_limit_bytes"]
        self.output = bytearray()
        self.output_size = 0
        self.stop = None
        self.next_id = 0
        child_reads, self.request_fd = os.pipe()
        self.reply_fd, child_writes = os.pipe()
        self.output_fd, output_write = os.pipe()
        seconds_allowed = request["time_limit_ms"] / 1000
        self.time_message = f"Your program took longer than the time limit of {seconds_allowed:.1f} s"
        memory = request["memory_limit_mb"] * 1024 * 1024
        seconds = request["time_limit_ms"] // 1000 + 2

        def limit_child():
            for number in range(1, signal.NSIG):
                try:
                    signal.signal(number, signal.SIG_DFL)
                except (OSError, ValueError):
                    pass
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
            resource.setrlimit(resource.RLIMIT_FSIZE, (1024 * 1024, 1024 * 1024))
            # No new processes or threads: the submission is one single-threaded function.
            resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))
            resource.setrlimit(resource.RLIMIT_NOFILE, (OPEN_FILES, OPEN_FILES))

        self.process = subprocess.Popen(
            [sys.executable, "-I", "-S", CHILD_SCRIPT,
             str(child_reads), str(child_writes), str(self.output_limit)],
            stdin=subprocess.DEVNULL, stdout=output_write, stderr=output_write,
            pass_fds=(child_reads, child_writes), start_new_session=True,
            preexec_fn=limit_child, cwd="/tmp" if os.path.isdir("/tmp") else None,
            # Whatever the sandbox's own environment holds stays out of the learner's reach.
            env=CHILD_ENVIRONMENT,
        )
        for fd in (child_reads, child_writes, output_write):
            os.close(fd)
        self.reply_buffer = bytearray()
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.reply_fd, selectors.EVENT_READ)
        self.selector.register(self.output_fd, selectors.EVENT_READ)
        self._send({"code": request["code"]})

    def _send(self, message):
        # A child that stops reading can block this write only while the request is bigger
        # than the pipe buffer; the host's wall clock bounds that case.
        data = memoryview((json.dumps(message) + "\n").encode())
        try:
            while data:
                data = data[os.write(self.request_fd, data):]
        except OSError:
            self._fail(self._death())

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
                    self._fail(Stop("runtime_error", "Your program broke the connection to the tests"))
                if not isinstance(reply, dict):
                    self._fail(Stop("runtime_error", "Your program broke the connection to the tests"))
                return reply
            if len(self.reply_buffer) > REPLY_LIMIT:
                self._fail(Stop("runtime_error", "Your function returned a value that is too large"))
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                self._fail(Stop("time_limit", self.time_message))
            for key, _ in self.selector.select(remaining):
                data = os.read(key.fd, 65536)
                if key.fd == self.output_fd:
                    if not data:
                        self.selector.unregister(self.output_fd)
                    self.count_output(data)
                elif not data:
                    self._fail(self._death())
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
            self._fail(Stop("output_limit", f"Your program printed too much: more than the limit of "
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

    def _fail(self, stop):
        self.kill()
        if self.stop is None:
            self.stop = stop
        raise self.stop

    def call(self, name, args, kwargs):
        if self.stop is not None:
            raise self.stop
        self.next_id += 1
        self._send({"id": self.next_id, "name": name, "args": repr(args), "kwargs": repr(kwargs)})
        reply = self.receive()
        if reply.get("id") != self.next_id:
            self._fail(Stop("runtime_error", "Your program broke the connection to the tests"))
        printed = text_field(reply.get("stdout"))
        if printed:
            # Printing inside a call goes wherever the test points sys.stdout (which is the
            # Collector unless the test captures it) and always counts against the limit.
            if isinstance(sys.stdout, Collector):
                sys.stdout.write(printed)
            else:
                self.count_output(printed.encode("utf-8", "replace"), keep=False)
                sys.stdout.write(printed)
        if reply.get("ok") is True:
            try:
                return ast.literal_eval(text_field(reply.get("value")))
            except Exception:  # noqa: BLE001 - an unreadable value is the submission's fault.
                raise SolutionError(f"{name}() returned a value the tests cannot read") from None
        kind, message = text_field(reply.get("type")), text_field(reply.get("message"))[:MESSAGE_LIMIT]
        if kind == "MemoryError":
            self._fail(Stop("memory_limit", "Your program ran out of memory"))
        raise _learner_exception(kind, message)

    def kill(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except OSError:
                self.process.kill()
            self.process.wait()


def _learner_exception(kind, message):
    """The submission's exception, as a builtin type when it is one (for ``assertRaises``)."""
    builtin = getattr(builtins, kind, None)
    error = None
    if isinstance(builtin, type) and issubclass(builtin, Exception) and kind != "MemoryError":
        try:
            error = builtin(message)
        except Exception:  # noqa: BLE001 - some builtins need other arguments.
            pass
    error = error or SolutionError(f"{kind}: {message}")
    # The test's message shows the learner's text as it was, not its repr (KeyError's str).
    error.learner_text = f"{kind}: {message}"
    return error


def proxy_module(child, names):
    """The ``solution`` module the tests import: every function forwards to the child."""
    module = types.ModuleType("solution")

    def forwarder(name):
        def call(*args, **kwargs):
            return child.call(name, args, kwargs)

        call.__name__ = call.__qualname__ = name
        return call

    for name, kind in names.items():
        # Only plain public names: a dunder (``__getattr__``, ``__spec__``, ``__path__``) would
        # let the learner's process hook the import machinery of the tests' process.
        if not isinstance(kind, dict) or not str(name).isidentifier() or str(name).startswith("__"):
            continue
        if kind.get("callable") is True:
            setattr(module, name, forwarder(str(name)))
        elif "value" in kind:
            try:
                setattr(module, name, ast.literal_eval(str(kind["value"])))
            except Exception:  # noqa: BLE001 - a value that cannot be read is left out.
                pass
    # `from solution import *` imports nothing: it would let the learner's names shadow the
    # hidden tests' own (expected values, helpers, builtins). Tests import names explicitly.
    module.__all__ = []
    return module
