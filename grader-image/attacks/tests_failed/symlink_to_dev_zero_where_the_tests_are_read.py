# Plants symlinks to /dev/zero under the names the trusted side might read relative to the
# shared /tmp, then fails the test. Reading one would fill the runner's memory: the wrong
# answer must stay a plain tests_failed, not a memory_limit.
import os

for name in ("tests.py", "hidden_tests.py", "<hidden tests>", "solution.py", "linecache.py"):
    try:
        os.symlink("/dev/zero", os.path.join("/tmp", name))
    except OSError:
        pass


def answer():
    return 41
