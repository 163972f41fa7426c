# Writes 50 000 "[" to the pipe that carries replies to the tests while the module loads.
# Parsing that must not crash the trusted side (RecursionError): the broken connection is
# the program's fault, a runtime_error at once - never a platform error that is retried.
import os
import sys

REPLY_FD = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 4
try:
    os.write(REPLY_FD, b"[" * 50000 + b"\n")
except OSError:
    pass


def answer():
    return 42
