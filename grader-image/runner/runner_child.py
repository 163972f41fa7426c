"""The child side of the runner: imports the learner's code and serves calls over pipes.

Started by runner.py as ``python3 -I -S runner_child.py REQUEST_FD REPLY_FD OUTPUT_LIMIT``
with rlimits already applied. Everything here runs as, and next to, untrusted code: the
parent trusts none of its replies beyond their literal values (see runner.py).
"""

import ast
import json
import linecache
import os
import sys
import traceback
import types

SOLUTION_FILE = "solution.py"


def child_main(request_fd, reply_fd, output_limit):
    """Imports the submission and serves calls; runs with rlimits, as the learner's code."""
    try:
        _serve(request_fd, reply_fd, output_limit)
    except BaseException:  # noqa: BLE001
        # A broken child exits without a traceback, which would show the runner's files in
        # the learner's output; the parent reports the exit.
        os._exit(70)


def _serve(request_fd, reply_fd, output_limit):
    requests = os.fdopen(request_fd, "r", encoding="utf-8")
    replies = os.fdopen(reply_fd, "w", encoding="utf-8")
    capture = _Capture(output_limit)

    def send(message):
        for stream in (sys.__stdout__, sys.__stderr__):
            stream.flush()
        replies.write(json.dumps(message) + "\n")
        replies.flush()

    # Import-time output goes straight to the output pipe; output during a call is
    # captured, so tests can redirect it like a local call's.
    code = json.loads(requests.readline())["code"]
    send(_import_solution(code))
    sys.stdout = capture
    for line in requests:
        request = json.loads(line)
        reply = _call(sys.modules["solution"], request)
        reply["id"] = request["id"]
        reply["stdout"] = capture.take()
        send(reply)


class _Capture:
    """The child's ``sys.stdout`` during calls: text printed in one call.

    Beyond the limit, text goes to the raw output pipe instead, where the parent sees the
    flood as it happens and stops it.
    """

    def __init__(self, limit):
        self.limit = limit
        self.parts = []
        self.size = 0

    def write(self, text):
        self.size += len(text)
        if self.size <= self.limit:
            self.parts.append(text)
        else:
            sys.__stdout__.write(text)
            sys.__stdout__.flush()
        return len(text)

    def flush(self):
        pass

    def take(self):
        text, self.parts, self.size = "".join(self.parts), [], 0
        return text


def _import_solution(code):
    module = types.ModuleType("solution")
    module.__file__ = SOLUTION_FILE
    sys.modules["solution"] = module
    linecache.cache[SOLUTION_FILE] = (len(code), None, code.splitlines(True), SOLUTION_FILE)
    try:
        compiled = compile(code, SOLUTION_FILE, "exec")
    except (SyntaxError, ValueError) as error:
        return {"kind": "syntax_error", "message": _syntax_message(error)}
    try:
        exec(compiled, module.__dict__)
    except MemoryError:
        return {"kind": "memory_error"}
    except BaseException as error:  # noqa: BLE001 - SystemExit too is the learner's error.
        return {"kind": "import_error", "message": _learner_traceback(error)}
    names = {}
    for name, value in vars(module).items():
        if name.startswith("__"):
            continue
        if callable(value):
            names[name] = {"callable": True}
        else:
            text = repr(value)
            if _is_literal(text):
                names[name] = {"value": text}
    return {"kind": "ready", "names": names}


def _syntax_message(error):
    if not isinstance(error, SyntaxError):
        return f"{type(error).__name__}: {error}"
    lines = [f"line {error.lineno}: {error.msg}"] if error.lineno else [error.msg]
    if error.text:
        lines.append("    " + error.text.rstrip("\n").strip())
        if error.offset and error.offset > 0:
            indent = len(error.text) - len(error.text.lstrip())
            lines.append("    " + " " * max(error.offset - 1 - indent, 0) + "^")
    return "\n".join(lines)


def _learner_traceback(error):
    """The traceback of ``error`` restricted to the learner's own frames."""
    summary = traceback.TracebackException.from_exception(error)
    summary.stack = traceback.StackSummary.from_list(
        [frame for frame in summary.stack if frame.filename == SOLUTION_FILE]
    )
    lines = "".join(summary.format()).rstrip("\n").splitlines()
    return "\n".join(lines[-12:])


def _is_literal(text):
    try:
        ast.literal_eval(text)
        return True
    except Exception:  # noqa: BLE001 - anything that does not parse is not a literal.
        return False


def _call(module, request):
    try:
        args = ast.literal_eval(request["args"])
        kwargs = ast.literal_eval(request["kwargs"])
        function = getattr(module, request["name"])
        result = function(*args, **kwargs)
        # repr runs the learner's code too (a custom __repr__), so it belongs in the try.
        text = repr(result)
        literal = _is_literal(text)
    except BaseException as error:  # noqa: BLE001 - report every failure to the tests.
        return _error_reply(error)
    if not literal:
        return {
            "ok": False,
            "type": "TypeError",
            "message": f"{request['name']}() returned a {type(result).__name__}, which the tests "
            "cannot receive (only numbers, strings, booleans, None and lists, tuples, "
            "dicts or sets of them)",
        }
    return {"ok": True, "value": text}


def _error_reply(error):
    if isinstance(error, MemoryError):
        return {"ok": False, "type": "MemoryError", "message": "out of memory"}
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == SOLUTION_FILE]
    where = f" (solution.py, line {frames[-1].lineno})" if frames else ""
    try:
        message = str(error)
    except BaseException:  # noqa: BLE001 - a learner's __str__ may raise too.
        message = "(the exception's message could not be read)"
    return {"ok": False, "type": type(error).__name__, "message": f"{message}{where}"}


if __name__ == "__main__":
    child_main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
