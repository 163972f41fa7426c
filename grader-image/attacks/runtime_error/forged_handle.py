# Protocol forgery: answers the call itself, through the reply pipe, with a handle of an
# object the tests were never given (a number the learner's side made up). The tests'
# side only knows handles it was given: the connection is broken, a runtime_error.
import json
import os
import sys

REPLY_FD = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 4


def answer():
    reply = {"id": 1, "ok": True, "value": {"ref": 4242}, "stdout": ""}
    try:
        os.write(REPLY_FD, (json.dumps(reply) + "\n").encode())
    except OSError:
        pass
    return 42
