# Forgery: os._exit(0) while loading: the learner's process vanishes with status 0 before
# the tests run, skipping every Python-level handler. Still a runtime_error.
import os
import sys

sys.stdout.flush()
os._exit(0)


def answer():
    return 42
