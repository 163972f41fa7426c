# Protocol vandalism: writes bytes that are not JSON into the pipe that carries replies to
# the tests, then closes it. The connection to the tests is broken: runtime_error.
import os
import sys

REPLY_FD = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 4
try:
    os.write(REPLY_FD, b"\x00\xff not json at all\n")
    os.close(REPLY_FD)
except OSError:
    pass


def answer():
    return 42
