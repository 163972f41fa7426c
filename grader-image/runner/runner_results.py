"""Per-test outcomes and the learner's output, as the parent collects them."""

import unittest

FEEDBACK_LIMIT = 4000
MESSAGE_LIMIT = 500


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

    def addSuccess(self, test):
        super().addSuccess(test)
        self.outcomes.append({"name": _test_name(test), "passed": True, "message": ""})

    def addFailure(self, test, err):
        super().addFailure(test, err)
        text = str(err[1]).strip().splitlines()
        self.outcomes.append({"name": _test_name(test), "passed": False,
                              "message": bound(text[0] if text else "assertion failed", MESSAGE_LIMIT)})

    def addError(self, test, err):
        super().addError(test, err)
        error = err[1]
        if isinstance(error, Stop):
            message = str(error)
        elif hasattr(error, "learner_text"):
            message = error.learner_text
        else:
            message = f"{type(error).__name__}: {error}"
        self.outcomes.append({"name": _test_name(test), "passed": False,
                              "message": bound(message, MESSAGE_LIMIT)})
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
        self.outcomes.append({"name": _test_name(test), "passed": True, "message": ""})

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self.outcomes.append({"name": _test_name(test), "passed": False,
                              "message": "unexpectedly passed"})


def _test_name(test):
    if isinstance(test, unittest.case._SubTest):
        return f"{test.test_case._testMethodName} {test._subDescription()}"
    return getattr(test, "_testMethodName", None) or str(test)


def bound(text, limit):
    return text if len(text) <= limit else text[: limit - 3] + "..."
