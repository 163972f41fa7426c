# Protocol forgery: answers the call itself with a list it claims is a container the tests
# shared with it (number 7, which they never offered), hoping the tests' side hands back
# one of its own objects, or changes one, on its word. Only containers the tests offered
# are theirs: the connection is broken, a runtime_error.
import json
import os
import sys

REPLY_FD = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 4


def answer():
    reply = {"id": 1, "ok": True, "value": {"j": [42]}, "given": 7,
             "shared": [[1, {"j": [42]}]], "stdout": ""}
    try:
        os.write(REPLY_FD, (json.dumps(reply) + "\n").encode())
    except OSError:
        pass
    return 41
