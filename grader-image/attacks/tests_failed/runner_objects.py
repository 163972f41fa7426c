# Reaching the runner: returns the runner's own objects in the learner's process (its
# output capture, its module), hoping the tests drive them. They never cross: the call
# fails with a TypeError.
import sys


def answer():
    return [sys.stdout, sys.modules["__main__"]]
