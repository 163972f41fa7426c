# Swaps the pipes around while the module loads: the reply pipe is replaced by the output
# pipe (so "ready" arrives as printed text) and the request pipe by the reply pipe. The
# tests receive nothing they can use: a runtime_error, never a pass or a platform error.
import os
import sys

if len(sys.argv) > 2 and sys.argv[1].isdigit() and sys.argv[2].isdigit():
    request_fd, reply_fd = int(sys.argv[1]), int(sys.argv[2])
    try:
        os.dup2(1, reply_fd)
        os.dup2(reply_fd, request_fd)
    except OSError:
        pass


def answer():
    return 42
