# Inode flood: creates empty files (no data, so a size limit alone never stops it) in the
# writable directory and catches the error. Returns 42 only if 50 000 files fit, i.e. if
# the number of files is unbounded.
import os


def answer():
    for index in range(50_000):
        try:
            with open(os.path.join(os.getcwd(), f"empty-{index}"), "x"):
                pass
        except OSError:
            return 41
    return 42
