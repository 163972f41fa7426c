# Output flood through the raw stdout file descriptor, bypassing sys.stdout, inside the
# call, with flushes in between.
import os
import sys


def answer():
    while True:
        os.write(1, b"r" * 8192)
        sys.__stdout__.write("s" * 8192)
        sys.__stdout__.flush()
