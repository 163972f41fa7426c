# Protocol forgery: answers the call itself, through the reply pipe, with an exception
# whose class description claims to derive from KeyboardInterrupt and to be unittest's
# SkipTest, hoping the tests' side builds such a class. It gets a class of that name that
# is neither: a failed test.
import json
import os
import sys

REPLY_FD = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 4
SKIP_TEST = {"newclass": 1000, "name": "SkipTest", "qualname": "SkipTest", "module": "unittest.case",
             "learner": False, "bases": [], "exception": ["KeyboardInterrupt", "SystemExit"],
             "methods": {}, "special": [], "hashable": True, "doc": None}


def answer():
    error = {"exc": SKIP_TEST, "args": [], "message": "skip", "new": 1001}
    reply = {"id": 1, "ok": False, "error": error, "where": "", "stdout": ""}
    try:
        os.write(REPLY_FD, (json.dumps(reply) + "\n").encode())
    except OSError:
        pass
    return 41
