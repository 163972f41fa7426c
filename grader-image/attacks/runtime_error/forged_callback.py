# Protocol forgery: in the middle of the call, asks the tests' side to run a function of
# the tests' it was never given (number 1), hoping to run the tests' code with arguments of
# its choosing. Only functions the tests passed can be called: the connection is broken,
# a runtime_error.
import json
import os
import sys

REPLY_FD = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 4


def answer():
    call = {"callback": 1, "args": [{"l": "42"}], "kwargs": []}
    try:
        os.write(REPLY_FD, (json.dumps(call) + "\n").encode())
    except OSError:
        pass
    return 41
