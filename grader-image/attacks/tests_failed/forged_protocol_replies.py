# Protocol forgery: writes its own "ready" message (with names that would hook the tests'
# import machinery, such as a module __getattr__, or a __class__ that
# would crash the runner into an `error`) and pre-made replies for the next calls
# straight into the pipe that carries replies to the tests (its file descriptor is on the
# command line). Whatever the learner's process says is only ever its own answer, here a
# wrong one: tests_failed, never a pass and never an error of the runner.
import json
import os
import sys

REPLY_FD = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 4
LINES = [
    {"kind": "ready", "names": {"answer": {"callable": True}, "unittest": {"callable": True},
                                "__getattr__": {"callable": True}, "__class__": {"callable": True},
                                "__spec__": {"value": "41"}, "__path__": {"value": "[]"}}},
    {"id": 1, "ok": True, "value": "41", "stdout": ""},
    {"id": 2, "ok": True, "value": "41", "stdout": ""},
    {"id": 3, "ok": True, "value": "41", "stdout": ""},
]
try:
    os.write(REPLY_FD, "".join(json.dumps(line) + "\n" for line in LINES).encode())
except OSError:
    pass


def answer():
    return 41
