# Forgery: os._exit(0) inside the tested call, so the process is gone before it can
# return a (wrong) answer: the learner's program exited while being tested, runtime_error.
import os


def answer():
    os._exit(0)
