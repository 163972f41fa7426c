# Forgery: raises a subclass of unittest.SkipTest inside the tested call. If it reached
# unittest as a SkipTest, the test would be skipped instead of failed. Exceptions cross as
# builtin exception classes or local classes deriving from them, never as unittest's own.
import unittest


class NotApplicable(unittest.SkipTest):
    pass


def answer():
    raise NotApplicable("this test does not apply")
