"""Per-test outcomes and the learner's output, as the parent collects them."""

import re
import time
import unittest

FEEDBACK_LIMIT = 4000
MESSAGE_LIMIT = 500
# A test's name can carry the learner's values (``subTest(value=...)``).
NAME_LIMIT = 200
# What Postgres text and strict JSON cannot hold: NUL and UTF-16 surrogates, which reach a
# Python str from undecodable bytes or ``"\ud800"`` in the learner's own strings.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class Stop(Exception):
    """The run must end now; ``verdict`` says why (time, memory, output or a dead child)."""

    def __init__(self, verdict, message):
        super().__init__(message)
        self.verdict = verdict


class SolutionError(Exception):
    """An exception raised by the submission, carried over as readable text."""


class Collector:
    """The parent's ``sys.stdout`` while tests run: the learner's output, never the result."""

    def __init__(self, child):
        self.child = child

    def write(self, text):
        self.child.count_output(text.encode("utf-8", "replace"))
        return len(text)

    def flush(self):
        pass


class Results(unittest.TestResult):
    """Per-test outcomes as the learner should read them."""

    def __init__(self):
        super().__init__()
        self.outcomes = []
        self._started = time.monotonic()

    def startTest(self, test):
        super().startTest(test)
        self._started = time.monotonic()

    def _outcome(self, test, passed, message):
        # Timed here, in the trusted process: the learner's code cannot touch this clock.
        took = int((time.monotonic() - self._started) * 1000)
        self.outcomes.append({"name": _test_name(test), "passed": passed, "message": message,
                              "duration_ms": took})

    def _exc_info_to_string(self, err, test):
        # unittest formats a traceback for every failure, reading source lines through
        # linecache. Only the exception's text is ever shown, so no file is read at all: the
        # trusted side never opens a path the submission could have planted (a FIFO, a
        # symlink to /dev/zero).
        return ""

    def addSuccess(self, test):
        super().addSuccess(test)
        self._outcome(test, True, "")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        text = _text_of(lambda: str(err[1])).strip().splitlines()
        self._outcome(test, False, bound(text[0] if text else "assertion failed", MESSAGE_LIMIT))

    def addError(self, test, err):
        super().addError(test, err)
        error = err[1]
        if isinstance(error, Stop):
            message = str(error)
        elif isinstance(getattr(error, "__dict__", None), dict) and "learner_text" in error.__dict__:
            # Read from the instance itself: an exception of the learner's would ask its
            # process for an attribute it lacks.
            message = str(error.__dict__["learner_text"])
        else:
            message = f"{type(error).__name__}: " + _text_of(lambda: str(error))
        self._outcome(test, False, bound(message, MESSAGE_LIMIT))
        if isinstance(error, Stop):
            self.stop()

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            if issubclass(err[0], test.failureException):
                self.addFailure(subtest, err)
            else:
                self.addError(subtest, err)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._outcome(test, True, "")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._outcome(test, False, "unexpectedly passed")


def _test_name(test):
    if isinstance(test, unittest.case._SubTest):
        name = _text_of(lambda: f"{test.test_case._testMethodName} {test._subDescription()}")
    else:
        name = getattr(test, "_testMethodName", None) or str(test)
    return bound(name, NAME_LIMIT)


def _text_of(describe):
    """``describe()``, or a placeholder when describing the value fails (a value too deep
    to print raises RecursionError; a huge one MemoryError): a failing test, never a crash."""
    try:
        return describe()
    except Exception:  # noqa: BLE001 - the value's text is a courtesy, the outcome is not.
        return "(the value could not be shown)"


def with_output(feedback, output):
    """The feedback, then the end of what the learner's code printed (``output``: bytes)."""
    feedback = bound(feedback, FEEDBACK_LIMIT // 2)
    printed = bytes(output).decode("utf-8", "replace").strip("\n")
    if not printed:
        return feedback
    room = FEEDBACK_LIMIT - len(feedback) - 40
    tail = printed if len(printed) <= room else "..." + printed[-(room - 3):]
    return f"{feedback}\n\nYour program printed:\n{tail}"


def bound(text, limit):
    return text if len(text) <= limit else text[: limit - 3] + "..."


def text_field(value):
    """A text field of the child's reply: the string itself, else empty. The child is the
    learner's process; a field of another type is tampering, not something to print."""
    return value if isinstance(value, str) else ""


def storable(value):
    """``value`` with every string made storable: NUL and lone surrogates become U+FFFD.

    The one place the result is cleaned before it leaves the sandbox, so every field the
    host reads (names, messages, feedback, output) is valid text whatever the learner wrote.
    """
    if isinstance(value, str):
        return UNSTORABLE.sub("\ufffd", value)
    if isinstance(value, list):
        return [storable(item) for item in value]
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    return value
