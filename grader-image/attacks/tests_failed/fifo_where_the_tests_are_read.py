# Plants a FIFO under every name the trusted side might resolve relative to the shared /tmp
# (the hidden tests' file name, a module name), then fails the test. If the trusted runner
# opened one of them to format the failure, it would block until the time limit: the wrong
# answer must stay a plain tests_failed.
import os

for name in ("tests.py", "hidden_tests.py", "<hidden tests>", "solution.py", "unittest.py", "case.py"):
    try:
        os.mkfifo(os.path.join("/tmp", name))
    except OSError:
        pass


def answer():
    return 41
