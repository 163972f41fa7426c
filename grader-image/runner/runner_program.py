"""The learner's code as a program: built once, then run once per stdin/stdout case.

A language (the request's ``language``, from the grader's languages.toml) says where the
source goes, which build steps check or compile it (each with the verdict its failure
gets: ``syntax_error``, ``compile_error``), what runs the program, and whether the build
leaves an executable. Everything here is trusted: the cases' input and expected output stay
in this process's memory; each case's process gets its input on a pipe and nothing else.

The runner's working directory (the sandbox's /tmp), the only writable place, cannot hold an executable (it is mounted ``noexec``): a
compiled program is copied, once the build is done and before any of the learner's code
ran, into a sealed memory file that each case executes through ``/proc/self/fd``.
"""

import fcntl
import os
import resource
import selectors
import signal
import subprocess
import time

from runner_results import MESSAGE_LIMIT, bound, text_field

# Files a learner's process (or a build step) may have open at once.
OPEN_FILES = 64
# The learner's whole environment, as for the unittest child.
ENVIRONMENT = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/tmp"}
# A compiler's messages kept for the feedback: its first errors, not pages of them.
BUILD_MESSAGE_LINES = 25
BUILD_OUTPUT_LIMIT = 64 * 1024
# What a case's stderr keeps for a crash's feedback.
STDERR_KEEP = 2000
# A compiled program bigger than this is not a plausible submission.
EXECUTABLE_LIMIT = 64 * 1024 * 1024
# Numbers compare equal within this, absolutely or relatively (``numeric``).
TOLERANCE = 1e-6


class Failed(Exception):
    """The build refused the code: ``verdict`` and the compiler's first messages."""

    def __init__(self, verdict, message):
        super().__init__(message)
        self.verdict = verdict


def child_limits(memory_bytes, cpu_seconds, file_bytes, processes):
    """The ``preexec_fn`` of a learner's process (and a build step): default signal
    handlers and these rlimits. Such a process leads a process group of its own (so that
    the whole group can be killed) but stays in the sandbox's session: Linux's autogroup
    scheduling shares the CPU between sessions before it looks at niceness, and the host
    gave that session the run's (issue 15)."""
    def apply():
        for number in range(1, signal.NSIG):
            try:
                signal.signal(number, signal.SIG_DFL)
            except (OSError, ValueError):
                pass
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
        resource.setrlimit(resource.RLIMIT_NOFILE, (OPEN_FILES, OPEN_FILES))
    return apply


class Exchange:
    """One process's run: input fed, stdout and stderr read with bounds (together at most
    ``stdout_limit`` bytes, of which stderr keeps ``stderr_limit``), a deadline."""

    def __init__(self, process, data, deadline, stdout_limit, stderr_limit):
        self.stdout = bytearray()
        self.stderr = bytearray()
        self.stdout_size = 0
        self.stderr_size = 0
        self.timed_out = False
        self.flooded = False
        selector = selectors.DefaultSelector()
        pending = memoryview(data)
        if pending:
            os.set_blocking(process.stdin.fileno(), False)
            selector.register(process.stdin, selectors.EVENT_WRITE)
        else:
            process.stdin.close()
        selector.register(process.stdout, selectors.EVENT_READ)
        selector.register(process.stderr, selectors.EVENT_READ)
        open_outputs = 2
        while open_outputs:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self.timed_out = True
                break
            for key, _ in selector.select(remaining):
                if key.fileobj is process.stdin:
                    try:
                        pending = pending[os.write(process.stdin.fileno(), pending[:65536]):]
                    except OSError:  # The program stopped reading: what it got is its input.
                        pending = pending[:0]
                    if not pending:
                        selector.unregister(process.stdin)
                        process.stdin.close()
                    continue
                data = os.read(key.fileobj.fileno(), 65536)
                if not data:
                    selector.unregister(key.fileobj)
                    open_outputs -= 1
                elif key.fileobj is process.stdout:
                    self.stdout_size += len(data)
                    self.stdout += data[: max(stdout_limit - len(self.stdout), 0)]
                else:
                    self.stderr += data[: max(stderr_limit - len(self.stderr), 0)]
                    self.stderr_size += len(data)
                if self.stdout_size + self.stderr_size > stdout_limit:
                    # What a program prints on either stream counts against the limit.
                    self.flooded = True
                    open_outputs = 0
                    break
        kill_group(process)
        for stream in (process.stdin, process.stdout, process.stderr):
            if not stream.closed:
                stream.close()
        selector.close()
        self.returncode = process.returncode


def kill_group(process):
    """Stops ``process`` and everything in its process group, and reaps it."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            process.kill()
    process.wait()


def _start(argv, limits, workdir, executable=None, pass_fds=()):
    return subprocess.Popen(
        argv, executable=executable, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, pass_fds=pass_fds, process_group=0, preexec_fn=limits,
        cwd=workdir, env=ENVIRONMENT,
    )


class Program:
    """The learner's program, built and ready to run cases."""

    def __init__(self, request):
        self.language = request["language"]
        self.memory_bytes = request["memory_limit_mb"] * 1024 * 1024
        self.case_seconds = request["time_limit_ms"] / 1000
        self.output_limit = request["output_limit_bytes"]
        self.executable = None
        self.workdir = request["workdir"]

    def build(self, code):
        """Writes the source and runs the language's build steps; raises ``Failed``."""
        language = self.language
        _write_new(os.path.join(self.workdir, language["source"]), code.encode("utf-8", "surrogatepass"))
        seconds = language.get("build_time_limit_ms", 10000) / 1000
        memory = (language.get("build_memory_limit_mb", 512) + language.get("address_space_slack_mb", 0)) * 1024 * 1024
        for step in language.get("build", []):
            deadline = time.monotonic() + seconds
            # A compiler starts helpers (cc1plus, as, ld): a few processes, never a bomb's worth.
            limits = child_limits(memory, int(seconds) + 1, 16 * 1024 * 1024, step.get("processes", 16))
            exchange = Exchange(_start(step["argv"], limits, self.workdir), b"", deadline, BUILD_OUTPUT_LIMIT,
                                BUILD_OUTPUT_LIMIT)
            if exchange.timed_out:
                raise Failed(step["verdict"], f"Building your code took longer than {seconds:.0f} s")
            if exchange.returncode != 0:
                raise Failed(step["verdict"], _build_message(step, exchange, self.workdir))
        if language.get("executable"):
            self.executable = _seal(os.path.join(self.workdir, language["executable"]))

    def run_case(self, case):
        """Runs one case; returns ``(outcome, verdict or None, shown)``."""
        started = time.monotonic()
        processes = self.language.get("processes", 0)
        address_space = self.memory_bytes + self.language.get("address_space_slack_mb", 0) * 1024 * 1024
        limits = child_limits(address_space, int(self.case_seconds) + 1, 1024 * 1024, processes)
        memory_mb = str(self.memory_bytes // (1024 * 1024))
        argv = [arg.replace("{memory_limit_mb}", memory_mb) for arg in self.language["run"]]
        pass_fds, executable = (), None
        if self.executable is not None:
            executable = f"/proc/self/fd/{self.executable}"
            pass_fds = (self.executable,)
        try:
            process = _start(argv, limits, self.workdir, executable, pass_fds)
        except OSError as error:
            raise RuntimeError(f"starting the program failed: {error}") from error
        exchange = Exchange(process, case["input"].encode("utf-8", "surrogatepass"),
                            started + self.case_seconds, self.output_limit, STDERR_KEEP)
        took = int((time.monotonic() - started) * 1000)
        verdict, message = self._judge(case, exchange)
        outcome = {"name": case["name"], "passed": verdict is None, "message": message,
                   "duration_ms": took}
        return outcome, verdict

    def _judge(self, case, exchange):
        if exchange.timed_out:
            return "time_limit", f"took longer than the time limit of {self.case_seconds:.1f} s"
        if exchange.flooded:
            return "output_limit", f"printed more than the limit of {self.output_limit} bytes"
        code = exchange.returncode
        if code in (-signal.SIGXCPU,):
            return "time_limit", f"took longer than the time limit of {self.case_seconds:.1f} s"
        if code == -signal.SIGKILL:
            return "memory_limit", "was stopped because it used too much memory"
        if code != 0:
            errors = bytes(exchange.stderr).decode("utf-8", "replace")
            if any(sign in errors for sign in self.language.get("out_of_memory", [])):
                return "memory_limit", "ran out of memory: " + _crash_message(code, exchange.stderr)
            return "runtime_error", _crash_message(code, exchange.stderr)
        output = bytes(exchange.stdout).decode("utf-8", "replace")
        difference = compare(case.get("compare", "lines"), output, case["expected_output"])
        if difference is None:
            return None, ""
        return "tests_failed", difference


def _write_new(path, data):
    """Writes a file nobody made before (the run's /tmp is empty when the runner starts)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    with os.fdopen(fd, "wb") as file:
        file.write(data)


def _seal(path):
    """Copies the built program into a sealed memory file; returns its descriptor."""
    source = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        info = os.fstat(source)
        if not (info.st_mode & 0o170000 == 0o100000) or info.st_size > EXECUTABLE_LIMIT:
            raise Failed("compile_error", "The build did not produce a program")
        memory = os.memfd_create("solution", os.MFD_ALLOW_SEALING)
        while True:
            chunk = os.read(source, 1 << 20)
            if not chunk:
                break
            os.write(memory, chunk)
    finally:
        os.close(source)
    fcntl.fcntl(memory, fcntl.F_ADD_SEALS,
                fcntl.F_SEAL_WRITE | fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_GROW | fcntl.F_SEAL_SEAL)
    os.set_inheritable(memory, False)
    return memory


def _build_message(step, exchange, workdir):
    text = (bytes(exchange.stderr) + bytes(exchange.stdout)).decode("utf-8", "replace")
    # Paths of the sandbox say nothing to the learner.
    text = text.replace(workdir + "/", "")
    lines = [line for line in text.splitlines() if line.strip()][:BUILD_MESSAGE_LINES]
    heading = step.get("message", "Your code did not compile:")
    return f"{heading}\n" + "\n".join(lines) if lines else heading


def _crash_message(code, stderr):
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        message = f"crashed ({name})"
    else:
        message = f"exited with code {code}"
    errors = bytes(stderr).decode("utf-8", "replace").strip()
    if errors:
        last = errors.splitlines()[-1]
        message += ": " + last
    return bound(message, MESSAGE_LIMIT)


def compare(mode, actual, expected):
    """``None`` when ``actual`` matches ``expected`` under ``mode``; else what differs first."""
    if mode == "exact":
        if actual == expected:
            return None
        return _first_difference(actual.split("\n"), expected.split("\n"), "line")
    if mode == "lines":
        got, want = _lines(actual), _lines(expected)
        if got == want:
            return None
        return _first_difference(got, want, "line")
    got, want = actual.split(), expected.split()
    if mode == "tokens":
        same = got == want
    elif mode == "numeric":
        same = len(got) == len(want) and all(map(_numbers_match, got, want))
    else:
        raise ValueError(f"unknown compare mode {mode!r}")
    if same:
        return None
    if mode == "numeric":
        for index, (a, b) in enumerate(zip(got, want)):
            if not _numbers_match(a, b):
                return bound(f"token {index + 1}: expected {_show(b)}, got {_show(a)}", MESSAGE_LIMIT)
    return _first_difference(got, want, "token")


def _lines(text):
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _first_difference(got, want, unit):
    for index, (a, b) in enumerate(zip(got, want)):
        if a != b:
            return bound(f"{unit} {index + 1}: expected {_show(b)}, got {_show(a)}", MESSAGE_LIMIT)
    if len(got) < len(want):
        return bound(f"{unit} {len(got) + 1}: expected {_show(want[len(got)])}, got nothing", MESSAGE_LIMIT)
    return bound(f"{unit} {len(want) + 1}: expected nothing more, got {_show(got[len(want)])}", MESSAGE_LIMIT)


def _show(text):
    return repr(text_field(bound(text, 200)))


def _numbers_match(a, b):
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    if x != x or y != y:  # NaN matches nothing but itself, as text (above).
        return False
    return abs(x - y) <= TOLERANCE or abs(x - y) <= TOLERANCE * max(abs(x), abs(y))
