"""Tests of runner.py, run on the host: ``python3 grader-image/runner/test_runner.py``.

Each test starts runner.py as a subprocess with one JSON request, as the sandbox does.
When this runs as root and a system python3 exists, the runner runs as uid 65534 so the
isolation checks (/proc, fork, signals) see the same permissions as in the container.
"""

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import tomllib
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
RUNNER = os.path.join(HERE, "runner.py")
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True
import runner_landlock  # noqa: E402
HELLO_TESTS = """
import unittest
from solution import hello

class HelloTest(unittest.TestCase):
    def test_returns_hello(self):
        self.assertEqual(hello(), "Hello")

    def test_returns_a_string(self):
        self.assertIsInstance(hello(), str)
"""
REFERENCE = 'def hello():\n    return "Hello"\n'
WRONG = 'def hello():\n    return "hello"\n'
SYSTEM_PYTHON = "/usr/bin/python3"


def _language(name):
    """A languages.toml entry as the grader sends it (the build-only fields left out)."""
    with open(os.path.join(HERE, "..", "languages.toml"), "rb") as file:
        entry = dict(tomllib.load(file)[name], name=name)
    for build_only in ("packages", "extension"):
        entry.pop(build_only, None)
    return entry


PYTHON = _language("python")
AS_NOBODY = os.geteuid() == 0 and os.access(SYSTEM_PYTHON, os.X_OK)


def run_runner(code, tests=HELLO_TESTS, time_limit_ms=2000, memory_limit_mb=64, output_limit_bytes=65536,
               module_name=None, io_cases=None, language=None):
    """Runs the runner; returns (result or None, nonce, stdout)."""
    nonce = secrets.token_hex(16)
    request = {"nonce": nonce, "code": code, "tests": tests, "time_limit_ms": time_limit_ms,
               "memory_limit_mb": memory_limit_mb, "output_limit_bytes": output_limit_bytes}
    if module_name is not None:
        request["module_name"] = module_name
    if io_cases is not None:
        request["io_cases"] = io_cases
    request["language"] = language or PYTHON
    extra = {"user": 65534, "group": 65534, "extra_groups": []} if AS_NOBODY else {}
    python = SYSTEM_PYTHON if AS_NOBODY else sys.executable
    # A fresh directory per run, as the sandbox's /tmp is.
    with tempfile.TemporaryDirectory() as workdir:
        os.chmod(workdir, 0o1777)
        completed = subprocess.run([python, "-I", RUNNER], input=json.dumps(request).encode(),
                                   capture_output=True, timeout=60, cwd=workdir, **extra)
    stdout = completed.stdout.decode("utf-8", "replace")
    return parse(stdout, nonce), nonce, stdout


def parse(stdout, nonce):
    """The host's rule: the last line with exactly our nonce, else nothing."""
    prefix = f"CP-RESULT {nonce} "
    lines = [line for line in stdout.splitlines() if line.startswith(prefix)]
    return json.loads(lines[-1][len(prefix):]) if lines else None


class VerdictChecks(unittest.TestCase):
    def assertVerdict(self, result, status, verdict):
        self.assertIsNotNone(result)
        self.assertEqual((result["status"], result["verdict"]), (status, verdict), result)
        self.assertLessEqual(len(result["feedback"]), 4000)
        self.assertNotIn("runner.py", result["feedback"])
        self.assertNotIn("/opt/", result["feedback"])


class Grading(VerdictChecks):
    def test_reference_passes(self):
        result, _, stdout = run_runner(REFERENCE)
        self.assertVerdict(result, "passed", None)
        names = sorted(test["name"] for test in result["tests"])
        self.assertEqual(names, ["test_returns_a_string", "test_returns_hello"])
        self.assertEqual(stdout.count("\n"), 1, "the result must be the only line")

    def test_wrong_answer_fails_with_the_assertion_message(self):
        result, _, _ = run_runner(WRONG)
        self.assertVerdict(result, "failed", "tests_failed")
        by_name = {test["name"]: test for test in result["tests"]}
        self.assertFalse(by_name["test_returns_hello"]["passed"])
        self.assertEqual(by_name["test_returns_hello"]["message"], "'hello' != 'Hello'")
        self.assertIn("1 of 2 tests passed.", result["feedback"])

    def test_syntax_error(self):
        result, _, _ = run_runner("def hello(:\n    return 1\n")
        self.assertVerdict(result, "failed", "syntax_error")
        self.assertIn("line 1", result["feedback"])

    def test_runtime_error_at_import(self):
        result, _, _ = run_runner("x = 1 / 0\n")
        self.assertVerdict(result, "failed", "runtime_error")
        self.assertIn("ZeroDivisionError: division by zero", result["feedback"])

    def test_missing_function_fails_the_tests(self):
        result, _, _ = run_runner("def other():\n    return 1\n")
        self.assertVerdict(result, "failed", "tests_failed")
        self.assertIn("hello", result["tests"][0]["message"])

    def test_exception_in_a_call_is_readable_and_assertable(self):
        tests = HELLO_TESTS + """
    def test_raises_value_error(self):
        with self.assertRaises(ValueError):
            hello(-1)
"""
        code = 'def hello(n=0):\n    if n < 0:\n        raise ValueError("negative")\n    return "Hello"\n'
        self.assertVerdict(run_runner(code, tests)[0], "passed", None)
        result, _, _ = run_runner('def hello(n=0):\n    raise KeyError("boom")\n', tests)
        self.assertVerdict(result, "failed", "tests_failed")
        self.assertIn("KeyError: 'boom' (solution.py, line 2)", result["tests"][0]["message"])

    def test_printing_in_a_call_can_be_captured_by_the_tests(self):
        tests = """
import contextlib, io, unittest
from solution import greet

class GreetTest(unittest.TestCase):
    def test_prints_hello(self):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            greet()
        self.assertEqual(buffer.getvalue(), "Hello\\n")
"""
        self.assertVerdict(run_runner('def greet():\n    print("Hello")\n', tests)[0], "passed", None)
        self.assertVerdict(run_runner('def greet():\n    print("hello")\n', tests)[0], "failed", "tests_failed")

    def test_printed_output_is_shown_in_the_feedback(self):
        result, _, _ = run_runner('print("debugging 42")\n' + WRONG)
        self.assertIn("Your program printed:\ndebugging 42", result["feedback"])


class Limits(unittest.TestCase):
    def test_infinite_loop_is_a_time_limit(self):
        result, _, _ = run_runner("def hello():\n    while True:\n        pass\n", time_limit_ms=1000)
        self.assertEqual((result["status"], result["verdict"]), ("failed", "time_limit"))
        self.assertIn("time limit of 1.0 s", result["feedback"])

    def test_infinite_loop_at_import_is_a_time_limit(self):
        result, _, _ = run_runner("while True:\n    pass\n", time_limit_ms=1000)
        self.assertEqual(result["verdict"], "time_limit")

    def test_huge_allocation_is_a_memory_limit(self):
        for code in ["data = bytearray(10**9)\n", "def hello():\n    return len([0] * 10**9)\n"]:
            result, _, _ = run_runner(code)
            self.assertEqual((result["status"], result["verdict"]), ("failed", "memory_limit"), code)

    def test_print_flood_is_an_output_limit(self):
        for code in ["while True:\n    print('x' * 1000)\n",
                     "import os\ndef hello():\n    while True:\n        os.write(1, b'y' * 4096)\n",
                     "def hello():\n    print('z' * 100000)\n    return 'Hello'\n"]:
            result, _, _ = run_runner(code, output_limit_bytes=10000)
            self.assertEqual((result["status"], result["verdict"]), ("failed", "output_limit"), code)
            self.assertLessEqual(len(result["feedback"]), 4000)
            # What was cut off is counted, and the learner is told how much.
            dropped = re.search(r"the first (\d+) bytes were kept and (\d+) more were dropped",
                                result["feedback"])
            self.assertIsNotNone(dropped, result["feedback"])
            self.assertEqual(int(dropped.group(1)), 10000, result["feedback"])
            self.assertGreater(int(dropped.group(2)), 0, result["feedback"])

    def test_a_crash_names_its_signal(self):
        code = "import ctypes\ndef hello():\n    return ctypes.string_at(1, 16)\n"
        result, _, _ = run_runner(code)
        self.assertEqual((result["status"], result["verdict"]), ("failed", "runtime_error"), result)
        self.assertIn("crashed while it was being tested (SIGSEGV)", result["feedback"])

    def test_the_child_environment_is_minimal(self):
        tests = """
import unittest
from solution import names

class Environment(unittest.TestCase):
    def test_names(self):
        self.assertEqual(names(), ["HOME", "LANG", "PATH"])
"""
        code = "import os\ndef names():\n    return sorted(os.environ)\n"
        result, _, _ = run_runner(code, tests)
        self.assertEqual(result["status"], "passed", result)


class Forgery(VerdictChecks):
    """A wrong answer must never come out as passed, whatever the submission does."""

    def assertNotPassed(self, code, tests=HELLO_TESTS):
        result, nonce, stdout = run_runner(code, tests)
        if result is not None:
            self.assertNotEqual(result["status"], "passed", stdout)
        lines = [line for line in stdout.splitlines() if line.startswith("CP-RESULT ")]
        self.assertLessEqual(len(lines), 1, stdout)
        return result

    def test_printing_a_fake_result_line(self):
        fake = 'CP-RESULT {} {{"status": "passed", "verdict": null, "tests": [{{"name": "t", "passed": true, "message": ""}}], "feedback": "", "duration_ms": 1}}'
        code = ("import sys, os\n"
                f"print({fake.format('0' * 32)!r})\n"
                f"sys.__stdout__.write({fake.format('x')!r} + '\\n')\n"
                f"os.write(1, ({fake.format('y')!r} + '\\n').encode())\n"
                + WRONG)
        result = self.assertNotPassed(code)
        self.assertEqual(result["verdict"], "tests_failed")

    def test_exiting_early(self):
        for code in ["import sys\nsys.exit(0)\n", "import os\nos._exit(0)\n",
                     "import sys\ndef hello():\n    sys.exit(0)\n",
                     "import os\ndef hello():\n    os._exit(0)\n",
                     "raise SystemExit(0)\n", "raise KeyboardInterrupt\n"]:
            with self.subTest(code=code):
                self.assertNotPassed(code)

    def test_patching_unittest(self):
        code = ("import unittest\n"
                "unittest.TestCase.assertEqual = lambda *a, **k: None\n"
                "unittest.TestCase.run = lambda self, result=None: None\n"
                "unittest.TestResult.wasSuccessful = lambda self: True\n" + WRONG)
        result = self.assertNotPassed(code)
        self.assertEqual(result["verdict"], "tests_failed")

    def test_a_broken_repr_is_the_learners_error(self):
        # The object crosses as one of the learner's; the failure message shows it without
        # its repr, which raises.
        code = ("class Odd:\n    def __repr__(self):\n        raise RuntimeError('no repr')\n"
                "def hello():\n    return Odd()\n")
        result = self.assertNotPassed(code)
        self.assertEqual(result["verdict"], "tests_failed")
        messages = {test["name"]: test["message"] for test in result["tests"]}
        self.assertRegex(messages["test_returns_hello"], r"^<solution\.Odd object at 0x\w+> .*!= 'Hello'$")
        self.assertNotIn("runner", result["feedback"])

    def test_star_imports_cannot_shadow_the_tests_names(self):
        tests = """
import unittest
EXPECTED = "Hello"
from solution import *

class T(unittest.TestCase):
    def test_hello(self):
        self.assertEqual(hello(), EXPECTED)
"""
        self.assertNotPassed('EXPECTED = "hello"\ndef hello():\n    return "hello"\n', tests)

    def test_a_forged_ready_message_cannot_hook_or_break_the_tests(self):
        # The learner's process writes its own "ready" line with dunder names into the reply
        # pipe: they are ignored, so it neither hooks the import machinery nor crashes the
        # runner into an `error` (which the host would retry instead of grading).
        code = (
            "import json, os, sys\n"
            "names = {'hello': {'callable': True}, '__class__': {'callable': True},\n"
            "         '__getattr__': {'callable': True}, '__spec__': {'value': '1'}}\n"
            "os.write(int(sys.argv[2]), (json.dumps({'kind': 'ready', 'names': names}) + '\\n').encode())\n"
            "def hello():\n    return 'hello'\n"
        )
        result = self.assertNotPassed(code)
        self.assertEqual(result["status"], "failed", result)

    def test_objects_that_equal_everything_do_not_cross(self):
        code = ("class Liar(str):\n    def __eq__(self, other):\n        return True\n"
                "    def __repr__(self):\n        return 'Liar()'\n"
                "def hello():\n    return Liar('nope')\n")
        self.assertNotPassed(code)

    def test_killing_or_signalling_the_parent(self):
        for code in ["import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n" + WRONG,
                     "import os, signal\ndef hello():\n    os.kill(os.getppid(), signal.SIGKILL)\n    return 'hello'\n",
                     "import os, signal\nfor s in (signal.SIGTERM, signal.SIGINT, signal.SIGUSR1, signal.SIGALRM):\n"
                     "    os.kill(os.getppid(), s)\n" + WRONG]:
            with self.subTest(code=code):
                self.assertNotPassed(code)

    def test_unstorable_text_is_replaced_everywhere(self):
        # NUL, lone surrogates and undecodable bytes in the output, an exception's message,
        # a returned value shown in an assertion and a subtest's name: each field arrives as
        # text that strict JSON and Postgres hold, and the verdict is the one deserved.
        tests = """
import unittest
from solution import hello

class Text(unittest.TestCase):
    def test_value(self):
        with self.subTest(value=hello(1)):
            self.assertEqual(hello(1), "Hello")

    def test_raises(self):
        hello(2)
"""
        code = ('import sys\nsys.stdout.buffer.write(bytes(range(256)) * 4)\nsys.stdout.flush()\n'
                'def hello(n):\n    if n == 2:\n        raise ValueError("\\ud800\\x00" * 3)\n'
                '    print("\\x00\\udfff")\n    return "\\x00\\ud800" + "x" * 100000\n')
        result, _, stdout = run_runner(code, tests)
        self.assertVerdict(result, "failed", "tests_failed")
        line = [line for line in stdout.splitlines() if line.startswith("CP-RESULT")][-1]
        self.assertTrue(line.isascii())
        fields = [result["feedback"]] + [t["name"] for t in result["tests"]] + [t["message"] for t in result["tests"]]
        for field in fields:
            self.assertNotIn("\x00", field)
            self.assertFalse(any("\ud800" <= char <= "\udfff" for char in field), field)
        self.assertTrue(all(len(t["name"]) <= 200 and len(t["message"]) <= 500 for t in result["tests"]))
        self.assertIn("ValueError: \ufffd\ufffd", {t["name"]: t["message"] for t in result["tests"]}["test_raises"])

    def test_a_deeply_nested_reply_is_the_programs_error(self):
        code = "import os, sys\nos.write(int(sys.argv[2]), b'[' * 50000 + b'\\n')\n" + REFERENCE
        self.assertVerdict(run_runner(code)[0], "failed", "runtime_error")

    def test_a_closed_pipe_is_a_verdict_at_once(self):
        code = "import os, sys, time\nos.close(int(sys.argv[2]))\ntime.sleep(60)\n" + REFERENCE
        result, _, _ = run_runner(code, time_limit_ms=20000)
        self.assertVerdict(result, "failed", "runtime_error")
        self.assertLess(result["duration_ms"], 5000)

    @unittest.skipUnless(AS_NOBODY, "needs root on the host to run the runner as nobody")
    def test_parent_is_out_of_reach(self):
        # The hidden test asserts the submission could open none of the parent's secrets:
        # its memory (the nonce), its environment, its stdout (the result channel).
        tests = """
import unittest
from solution import probe

class Isolation(unittest.TestCase):
    def test_nothing_opens(self):
        self.assertEqual(probe(), [])
"""
        code = """
import os
def probe():
    opened = []
    parent = os.getppid()
    for name, mode in [("mem", "rb"), ("environ", "rb"), ("maps", "rb"), ("fd/1", "wb"), ("fd/0", "rb")]:
        try:
            with open(f"/proc/{parent}/{name}", mode) as f:
                f.read(1) if "r" in mode else f.write(b"CP-RESULT forged\\n")
            opened.append(name)
        except OSError:
            pass
    return opened
"""
        result, _, stdout = run_runner(code, tests)
        self.assertEqual(result["status"], "passed", result)

    @unittest.skipUnless(AS_NOBODY, "RLIMIT_NPROC does not bind root")
    def test_the_submission_cannot_start_processes(self):
        tests = """
import unittest
from solution import spawn

class Spawn(unittest.TestCase):
    def test_spawn_fails(self):
        with self.assertRaises(OSError):
            spawn()
"""
        code = "import subprocess\ndef spawn():\n    return subprocess.run(['true']).returncode\n"
        result, _, _ = run_runner(code, tests)
        self.assertEqual(result["status"], "passed", result)



class ModuleNames(VerdictChecks):
    """The tests import the learner's code under the assignment's module name."""

    def test_the_tests_import_the_named_module(self):
        tests = HELLO_TESTS.replace("from solution import", "from greeting import")
        result, _, _ = run_runner(REFERENCE, tests=tests, module_name="greeting")
        self.assertVerdict(result, "passed", None)
        result, _, _ = run_runner(WRONG, tests=tests, module_name="greeting")
        self.assertVerdict(result, "failed", "tests_failed")

    def test_the_default_name_is_not_there_under_another_name(self):
        # Tests that import a module nobody provides cannot run: the teacher's mistake,
        # which a save reports (its reference check fails) before any learner sees it.
        result, _, _ = run_runner(REFERENCE, module_name="greeting")
        self.assertEqual(result["status"], "error")

    def test_a_standard_module_name_is_refused(self):
        # Under "json" the learner's module would be what the runner itself calls.
        for name in ["json", "unittest", "sys", "runner_channel", "class", "../x"]:
            tests = HELLO_TESTS.replace("from solution import", f"from {name} import")
            result, _, _ = run_runner(REFERENCE, tests=tests, module_name=name)
            self.assertEqual(result["status"], "error", name)


SUM_CASES = [
    {"name": "small", "input": "1 2\n", "expected_output": "3\n"},
    {"name": "negative", "input": "-5 2\n", "expected_output": "-3\n"},
    {"name": "large", "input": "1000000 2000000\n", "expected_output": "3000000\n", "compare": "tokens"},
]
SUM = "a, b = map(int, input().split())\nprint(a + b)\n"


class IoCases(VerdictChecks):
    """stdin/stdout cases, run one process each by the trusted parent."""

    def test_a_correct_program_passes_every_case(self):
        result, _, stdout = run_runner(SUM, tests="", io_cases=SUM_CASES)
        self.assertVerdict(result, "passed", None)
        self.assertEqual([t["name"] for t in result["tests"]], ["small", "negative", "large"])
        self.assertTrue(all(isinstance(t["duration_ms"], int) for t in result["tests"]))
        self.assertEqual(stdout.count("\n"), 1, "the program's output must not reach the result stream")

    def test_a_wrong_answer_names_the_first_differing_line(self):
        result, _, _ = run_runner("a, b = map(int, input().split())\nprint(a - b)\n", tests="",
                                  io_cases=SUM_CASES[:2])
        self.assertVerdict(result, "failed", "tests_failed")
        self.assertEqual(result["tests"][0]["message"], "line 1: expected '3', got '-1'")
        self.assertIn("0 of 2 tests passed.", result["feedback"])

    def test_a_syntax_error_is_found_before_any_case_runs(self):
        result, _, _ = run_runner("print(", tests="", io_cases=SUM_CASES)
        self.assertVerdict(result, "failed", "syntax_error")
        self.assertEqual(result["tests"], [])
        self.assertIn("was never closed", result["feedback"])

    def test_each_case_has_its_own_time_limit(self):
        code = "import time\nn = int(input())\ntime.sleep(n)\nprint(n)\n"
        cases = [{"name": "quick", "input": "0\n", "expected_output": "0"},
                 {"name": "slow", "input": "5\n", "expected_output": "5"},
                 {"name": "after", "input": "0\n", "expected_output": "0"}]
        result, _, _ = run_runner(code, tests="", io_cases=cases, time_limit_ms=1000)
        self.assertVerdict(result, "failed", "time_limit")
        self.assertEqual([t["passed"] for t in result["tests"]], [True, False, True])

    def test_a_crash_is_a_runtime_error_with_the_last_line_of_stderr(self):
        result, _, _ = run_runner("raise ValueError('boom')\n", tests="", io_cases=SUM_CASES[:1])
        self.assertVerdict(result, "failed", "runtime_error")
        self.assertEqual(result["tests"][0]["message"], "exited with code 1: ValueError: boom")

    def test_a_flood_is_an_output_limit(self):
        result, _, _ = run_runner("while True:\n    print('x' * 1000)\n", tests="", io_cases=SUM_CASES[:1],
                                  output_limit_bytes=10000)
        self.assertVerdict(result, "failed", "output_limit")

    def test_a_stderr_flood_is_an_output_limit_too(self):
        code = "import sys\nwhile True:\n    sys.stderr.write('x' * 1000)\n"
        result, _, _ = run_runner(code, tests="", io_cases=SUM_CASES[:1], output_limit_bytes=10000)
        self.assertVerdict(result, "failed", "output_limit")

    def test_a_memory_hog_is_a_memory_limit(self):
        result, _, _ = run_runner("x = bytearray(500 * 1024 * 1024)\n", tests="", io_cases=SUM_CASES[:1])
        self.assertVerdict(result, "failed", "memory_limit")
        self.assertIn("MemoryError", result["tests"][0]["message"])

    def test_a_program_cannot_read_the_expected_output_or_the_nonce(self):
        # It has its input on stdin and nothing else: not the parent's memory, not its pipes.
        code = ("import os, sys\nfound = []\nfor pid in os.listdir('/proc'):\n"
                "    if pid.isdigit():\n"
                "        for name in ('environ', 'cmdline', 'mem'):\n"
                "            try:\n"
                "                with open(f'/proc/{pid}/{name}', 'rb') as f:\n"
                "                    if b'SECRET-EXPECTED' in f.read(1 << 20): found.append(name)\n"
                "            except Exception: pass\n"
                "print('SECRET-EXPECTED' if found else 'nothing')\n")
        cases = [{"name": "peek", "input": "", "expected_output": "SECRET-EXPECTED"}]
        result, _, _ = run_runner(code, tests="", io_cases=cases)
        self.assertVerdict(result, "failed", "tests_failed")
        self.assertEqual(result["tests"][0]["message"], "line 1: expected 'SECRET-EXPECTED', got 'nothing'")

    def test_printing_the_result_line_forges_nothing(self):
        code = "import sys\nprint('CP-RESULT x {\"status\": \"passed\"}')\nsys.stdout.flush()\n"
        result, _, stdout = run_runner(code, tests="", io_cases=SUM_CASES[:1])
        self.assertVerdict(result, "failed", "tests_failed")
        self.assertEqual([line[:9] for line in stdout.splitlines()], ["CP-RESULT"])

    def test_a_large_input_is_fed_while_the_output_is_read(self):
        numbers = " ".join(str(n) for n in range(200_000))
        code = "import sys\nfor token in sys.stdin.read().split():\n    print(token)\n"
        cases = [{"name": "echo", "input": numbers, "expected_output": numbers, "compare": "tokens"}]
        result, _, _ = run_runner(code, tests="", io_cases=cases, output_limit_bytes=4 << 20)
        self.assertVerdict(result, "passed", None)

    def test_unittest_tests_and_cases_together(self):
        code = REFERENCE + "if __name__ == '__main__':\n    print(hello())\n"
        cases = [{"name": "prints", "input": "", "expected_output": "Hello\n"}]
        result, _, _ = run_runner(code, io_cases=cases)
        self.assertVerdict(result, "passed", None)
        self.assertEqual(len(result["tests"]), 3)
        result, _, _ = run_runner(WRONG + "print('Hello')\n", io_cases=cases)
        self.assertVerdict(result, "failed", "tests_failed")
        self.assertEqual([t["passed"] for t in result["tests"]][-1], True)

    def test_a_request_with_nothing_to_grade_is_a_runner_error(self):
        result, _, _ = run_runner(SUM, tests="   ", io_cases=[])
        self.assertEqual(result["status"], "error")



JAVASCRIPT = _language("javascript")
STAND_INS = r"""
function add(a, b) { return a + b; }
class Stack {
  constructor() { this.items = []; }
  push(x) { this.items.push(x); return this; }
  pop() { if (!this.items.length) throw new RangeError('empty'); return this.items.pop(); }
  get size() { return this.items.length; }
  *[Symbol.iterator]() { yield* this.items; }
}
class ValidationError extends Error { constructor(m) { super(m); this.name = 'ValidationError'; this.code = 42; } }
function check(x) { if (x < 0) throw new ValidationError('negative'); return x; }
function sortInPlace(arr) { arr.sort((a, b) => a - b); }
function mapAll(arr, f) { return arr.map(f); }
async function later(x) { await new Promise((r) => setTimeout(r, 10)); return x * 2; }
console.log('loaded');
module.exports = { add, Stack, check, ValidationError, sortInPlace, mapAll, later, PI: 3.14, big: 2n ** 70n };
"""
STAND_IN_TESTS = r"""
const test = require('node:test');
const assert = require('node:assert');
const { add, Stack, check, ValidationError, sortInPlace, mapAll, later, PI, big } = require('./solution');
test('values', () => { assert.strictEqual(add(1, 2), 3); assert.strictEqual(PI, 3.14); assert.strictEqual(big, 2n ** 70n); });
test('objects', () => {
  const s = new Stack();
  assert.strictEqual(s.push(1).push(2), s);
  assert.ok(s instanceof Stack);
  assert.strictEqual(s.size, 2);
  assert.deepStrictEqual([...s], [1, 2]);
  assert.deepStrictEqual(s.items, [1, 2]);
  assert.strictEqual(s.pop(), 2);
  s.pop();
  assert.throws(() => s.pop(), RangeError);
  assert.throws(() => s.pop(), /empty/);
});
test('errors', () => {
  assert.throws(() => check(-1), ValidationError);
  assert.throws(() => check(-1), { name: 'ValidationError', message: 'negative', code: 42 });
  assert.throws(() => check(-1), Error);
});
test('in place', () => { const a = [3, 1, 2]; sortInPlace(a); assert.deepStrictEqual(a, [1, 2, 3]); });
test('callbacks', () => { assert.deepStrictEqual(mapAll([1, 2], (x) => x * 10), [10, 20]); });
test('an assertion in a callback fails the test', () => { mapAll([1], () => assert.fail('inside')); });
test('async', async () => { assert.strictEqual(await later(4), 8); });
test.describe('group', () => {
  test.it('wrong', () => { assert.strictEqual(add(2, 2), 5); });
  test.it('right', () => {});
});
"""


@unittest.skipUnless(shutil.which("node") and runner_landlock.abi() >= 1, "needs node and Landlock")
class NodeTests(VerdictChecks):
    """Hidden node:test tests: the learner's values as stand-ins across two processes."""

    def test_functions_classes_errors_promises_and_callbacks_cross(self):
        result, _, _ = run_runner(STAND_INS, tests=STAND_IN_TESTS, time_limit_ms=10000, memory_limit_mb=256,
                                  language=JAVASCRIPT)
        self.assertVerdict(result, "failed", "tests_failed")
        outcomes = {test["name"]: test for test in result["tests"]}
        passed = sorted(name for name, test in outcomes.items() if test["passed"])
        self.assertEqual(passed, ["async", "callbacks", "errors", "group > right", "in place", "objects", "values"],
                         result)
        self.assertIn("inside", outcomes["an assertion in a callback fails the test"]["message"])
        self.assertIn("4 !== 5", outcomes["group > wrong"]["message"])
        self.assertIn("Your program printed:\nloaded", result["feedback"])

    def test_a_syntax_error_and_an_error_at_load_are_told_apart(self):
        result, _, _ = run_runner("function f( {", tests=STAND_IN_TESTS, time_limit_ms=10000,
                                  memory_limit_mb=256, language=JAVASCRIPT)
        self.assertVerdict(result, "failed", "syntax_error")
        result, _, _ = run_runner("throw new TypeError('boom');", tests=STAND_IN_TESTS, time_limit_ms=10000,
                                  memory_limit_mb=256, language=JAVASCRIPT)
        self.assertVerdict(result, "failed", "runtime_error")
        self.assertIn("TypeError: boom", result["feedback"])

    def test_the_learners_process_cannot_reach_the_tests_process(self):
        code = r"""
const fs = require('fs');
function attempt(action) {
  try { action(); return 'done'; } catch (error) { return error.code; }
}
module.exports = {
  probe: (pid) => ({
    fd: attempt(() => fs.readdirSync(`/proc/${pid}/fd`)),
    mem: attempt(() => fs.closeSync(fs.openSync(`/proc/${pid}/mem`, 'r'))),
    signal: attempt(() => process.kill(pid, 0)),
  }),
};
"""
        tests = r"""
const test = require('node:test');
const assert = require('node:assert');
const { probe } = require('./solution');
test('the tests process is out of reach', () => {
  assert.deepStrictEqual(probe(process.pid), { fd: 'EACCES', mem: 'EACCES', signal: 'EPERM' });
});
"""
        result, _, _ = run_runner(code, tests=tests, time_limit_ms=10000, memory_limit_mb=256, language=JAVASCRIPT)
        self.assertVerdict(result, "passed", None)


class Compare(unittest.TestCase):
    """The compare modes, on the function the runner uses."""

    def setUp(self):
        sys.path.insert(0, HERE)
        from runner_program import compare
        self.compare = compare

    def test_exact_is_byte_for_byte(self):
        self.assertIsNone(self.compare("exact", "1\n2\n", "1\n2\n"))
        self.assertEqual(self.compare("exact", "1\n2", "1\n2\n"), "line 3: expected '', got nothing")
        self.assertEqual(self.compare("exact", "1 \n", "1\n"), "line 1: expected '1', got '1 '")

    def test_lines_ignore_trailing_space_and_final_newlines(self):
        self.assertIsNone(self.compare("lines", "1  \n2\n\n\n", "1\n2"))
        self.assertEqual(self.compare("lines", "1\n3\n", "1\n2\n"), "line 2: expected '2', got '3'")
        self.assertEqual(self.compare("lines", " 1\n", "1\n"), "line 1: expected '1', got ' 1'")
        self.assertEqual(self.compare("lines", "1\n", "1\n2\n"), "line 2: expected '2', got nothing")
        self.assertEqual(self.compare("lines", "1\n2\n", "1\n"), "line 2: expected nothing more, got '2'")

    def test_tokens_ignore_all_spacing(self):
        self.assertIsNone(self.compare("tokens", "1   2\n\n3", "1 2 3\n"))
        self.assertEqual(self.compare("tokens", "1 2 4", "1 2 3"), "token 3: expected '3', got '4'")

    def test_numeric_allows_a_small_error(self):
        self.assertIsNone(self.compare("numeric", "0.3333333 2", "0.33333333333 2.0"))
        self.assertIsNone(self.compare("numeric", "1000000001", "1000000000.5"))
        self.assertEqual(self.compare("numeric", "0.34", "0.33"), "token 1: expected '0.33', got '0.34'")
        self.assertEqual(self.compare("numeric", "nan", "1"), "token 1: expected '1', got 'nan'")
        self.assertEqual(self.compare("numeric", "yes 1", "no 1"), "token 1: expected 'no', got 'yes'")
        self.assertEqual(self.compare("numeric", "1", "1 2"), "token 2: expected '2', got nothing")


if __name__ == "__main__":
    unittest.main()
