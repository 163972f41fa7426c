"""The child side of the runner: imports the learner's code and serves the tests' requests.

Started by runner.py as ``python3 -I -S runner_child.py REQUEST_FD REPLY_FD`` with rlimits
already applied, possibly before the run's request exists; the first request's ``limits``
(address space, CPU seconds) are applied before the learner's code loads. Everything here runs as, and next to, untrusted code: the
parent checks every reply it reads (runner_remote.py) and believes nothing else.

The child first says ``{"kind": "started"}``. The first request is ``{"code", "module",
"limits", "output_limit"}``, answered by
``{"kind": "ready", "names": {name: value}}`` (or ``syntax_error``, ``import_error``, ``memory_error``). Every later
request is one operation on the learner's objects, ``{"id", "op", ..., "release":
[handles]}``, answered by ``{"id", "ok": true, "value", "after"?, "stdout"}`` (``after``:
each argument as the call left it, null when unchanged) or ``{"id", "ok": false, "error",
"where", "stdout"}``; the operations are listed in runner_remote.py, values are
runner_values' format with runner_child_objects' handles. While a request runs, calling a
function the tests passed sends ``{"callback", "args", "kwargs"}`` and serves the tests'
requests until ``{"returned"}`` or ``{"raised"}`` comes back.
"""

import copy
import json
import linecache
import math
import operator
import os
import resource
import sys
import traceback
import types

# The runner's directory is on sys.path only while its own modules are imported (-I leaves
# it off): the learner's imports never look there. No bytecode is written beside them, as
# in runner.py.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import runner_values  # noqa: E402
from runner_child_objects import Objects, Shared, message_of  # noqa: E402

del sys.path[0]


def child_main(request_fd, reply_fd):
    """Imports the submission and serves requests; runs with rlimits, as the learner's code."""
    try:
        _serve(request_fd, reply_fd)
    except BaseException:  # noqa: BLE001
        # A broken child exits without a traceback, which would show the runner's files in
        # the learner's output; the parent reports the exit.
        os._exit(70)


def _serve(request_fd, reply_fd):
    connection = _Connection(os.fdopen(request_fd, "r", encoding="utf-8"),
                             os.fdopen(reply_fd, "w", encoding="utf-8"))
    # Import-time output goes straight to the output pipe; output during a request is
    # captured, so tests can redirect it like a local call's.
    connection.send({"kind": "started"})
    first = connection.read()
    # The process may have been started before its run: the run's bounds come with the code
    # and apply before any of it loads.
    limits = first["limits"]
    memory, seconds = int(limits["memory_bytes"]), int(limits["cpu_seconds"])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))
    output_limit = int(first["output_limit"])
    connection.learner = _Learner(first["module"], connection.call_back)
    connection.send(connection.learner.load(first["code"]))
    connection.capture = _Capture(output_limit)
    sys.stdout = connection.capture
    while True:
        connection.serve(connection.read())


class _Connection:
    """The pipes to the tests: requests in, replies (and calls of the tests' functions) out."""

    def __init__(self, requests, replies):
        self.requests = requests
        self.replies = replies
        self.learner = None
        self.capture = None

    def read(self):
        line = self.requests.readline()
        if not line:
            os._exit(0)
        message = json.loads(line)
        if self.learner is not None:
            self.learner.shared.apply(message.get("shared", ()))
        return message

    def send(self, message):
        for stream in (sys.__stdout__, sys.__stderr__):
            stream.flush()
        if self.capture is not None:
            message["stdout"] = self.capture.take()
        if self.capture is not None:
            changed, dropped = self.learner.shared.changes()
            if changed:
                message["shared"] = changed
            if dropped:
                message["unshared"] = dropped
        if self.learner is not None and self.learner.objects.lent_released:
            message["release_lent"], self.learner.objects.lent_released = self.learner.objects.lent_released, []
        self.replies.write(json.dumps(message) + "\n")
        self.replies.flush()

    def serve(self, request):
        self.learner.objects.release(request.get("release", ()))
        reply = self.learner.answer(request)
        reply["id"] = request["id"]
        self.send(reply)

    def call_back(self, number, args, kwargs):
        """Calls the tests' function ``number``: its value, or its exception raised. The
        tests may make requests meanwhile (it is their code running); they are served."""
        write = self.learner.objects.write
        self.send({"callback": number, "args": [write(value) for value in args],
                   "kwargs": [[str(name), write(value)] for name, value in kwargs.items()]})
        while True:
            message = self.read()
            if "returned" in message:
                return self.learner.objects.read(message["returned"])
            if "raised" in message:
                raise self.learner.objects.read(message["raised"])
            self.serve(message)


class _Capture:
    """The child's ``sys.stdout`` during requests: text printed in one request.

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


def _contains(container, item):
    return item in container


def _special(name):
    # Looked up on the class, as the ``with`` statement does.
    return lambda target, *arguments: getattr(type(target), name)(target, *arguments)


# What each "special" request performs: the operation itself, not the learner's method, so
# Python's own rules apply (reflected operators, the result types len() and str() insist on).
OPERATIONS = {
    "len": len, "iter": iter, "next": next, "reversed": reversed, "bool": bool,
    "contains": _contains, "getitem": operator.getitem, "setitem": operator.setitem,
    "delitem": operator.delitem, "str": str, "repr": repr, "format": format, "hash": hash,
    "dir": dir, "int": int, "float": float, "complex": complex, "index": operator.index,
    "bytes": bytes, "eq": operator.eq, "ne": operator.ne, "lt": operator.lt,
    "le": operator.le, "gt": operator.gt, "ge": operator.ge, "neg": operator.neg,
    "pos": operator.pos, "abs": abs, "invert": operator.invert, "round": round,
    "trunc": math.trunc, "floor": math.floor, "ceil": math.ceil, "divmod": divmod,
    "pow": pow, "copy": copy.copy, "deepcopy": copy.deepcopy,
    "enter": _special("__enter__"), "exit": _special("__exit__"),
}
for _name in runner_values.BINARY:
    if _name not in OPERATIONS:
        OPERATIONS[_name] = getattr(operator, _name + "_" if _name in ("and", "or") else _name)
    if _name != "divmod":
        OPERATIONS["i" + _name] = getattr(operator, "i" + _name)
del _name


class _Learner:
    """The learner's module and the objects of it the tests hold."""

    def __init__(self, module_name, call_back):
        self.module_name = module_name
        self.file_name = module_name + ".py"
        self.objects = Objects(module_name, call_back)
        self.shared = Shared(self.objects)

    def load(self, code):
        module = types.ModuleType(self.module_name)
        module.__file__ = self.file_name
        sys.modules[self.module_name] = module
        linecache.cache[self.file_name] = (len(code), None, code.splitlines(True), self.file_name)
        try:
            compiled = compile(code, self.file_name, "exec")
        except (SyntaxError, ValueError) as error:
            return {"kind": "syntax_error", "message": _syntax_message(error)}
        try:
            exec(compiled, module.__dict__)
        except MemoryError:
            return {"kind": "memory_error"}
        except BaseException as error:  # noqa: BLE001 - SystemExit too is the learner's error.
            return {"kind": "import_error", "message": self._traceback(error)}
        names = {}
        for name, value in list(vars(module).items()):
            if name.startswith("__") or isinstance(value, types.ModuleType):
                continue
            try:
                names[name] = self.objects.write(value)
            except Exception:  # noqa: BLE001 - a name that cannot cross is left out.
                pass
        return {"kind": "ready", "names": names}

    def answer(self, request):
        """Performs one request; the reply without its id and output."""
        arguments = keywords = None
        try:
            read = self.objects.read
            op = request["op"]
            target = read(request["target"])
            if request.get("sync"):
                # The arguments as sent, to tell which ones the call changes (what is read
                # may be the request's own lists, which the call then changes).
                sent = [json.dumps(value) for value in request.get("args", ())]
                sent += [json.dumps(value) for _, value in request.get("kwargs", ())]
            arguments = [read(argument) for argument in request.get("args", ())]
            keywords = {name: read(value) for name, value in request.get("kwargs", ())}
            offered = [(number, (arguments + list(keywords.values()))[position])
                       for position, number in request.get("share", ())]
            before = [sys.getrefcount(container) for _, container in offered]
            if op == "call":
                result = target(*arguments, **keywords)
            elif op == "method":
                result = getattr(target, request["name"])(*arguments, **keywords)
            elif op == "getattr":
                result = getattr(target, request["name"])
            elif op == "setattr":
                result = setattr(target, request["name"], arguments[0])
            elif op == "delattr":
                result = delattr(target, request["name"])
            else:
                result = OPERATIONS[request["name"]](target, *arguments)
            retained = [number for (number, container), references in zip(offered, before)
                        if self.shared.keep(number, container, references)]
            # Three references if the learner's code holds it no more: result, value and the
            # count's own argument.
            given = self.shared.given(result, 3, offered)
            reply = {"ok": True, "value": self.objects.write(result), "retained": retained}
            if given is not None:
                reply["given"] = given
        except BaseException as error:  # noqa: BLE001 - report every failure to the tests.
            reply = self._error(error)
        if request.get("sync") and arguments is not None:
            # The arguments as the call left them, for the tests' own copies.
            try:
                after = [self._changed(value, sent) for value, sent in zip(arguments + list(keywords.values()), sent)]
                reply["after"] = {"args": after[:len(arguments)],
                                  "kwargs": [[name, value] for name, value in zip(keywords, after[len(arguments):])]}
            except BaseException as error:  # noqa: BLE001 - an argument changed into what cannot cross.
                reply = self._error(error)
        return reply

    def _changed(self, value, sent):
        """``value`` written, or None when it is written as the tests sent it (unchanged)."""
        written = self.objects.write(value)
        return None if json.dumps(written) == sent else written

    def _error(self, error):
        if isinstance(error, MemoryError):
            return {"ok": False, "error": {"exc": {"builtin": "MemoryError"}, "args": [], "message": "out of memory"},
                    "where": ""}
        if isinstance(error, runner_values.Uncrossable):
            # The runner's own class is no business of the tests' message.
            error = TypeError(str(error)).with_traceback(error.__traceback__)
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == self.file_name]
        where = f" ({self.file_name}, line {frames[-1].lineno})" if frames else ""
        # The tests may hold the exception for long: not the frames of the call with it.
        error.__traceback__ = None
        try:
            written = self.objects.write(error)
        except BaseException:  # noqa: BLE001 - an exception that cannot be described crosses as text.
            written = {"exc": {"builtin": "RuntimeError"}, "args": [],
                       "message": f"{type(error).__name__}: {message_of(error)}"}
        return {"ok": False, "error": written, "where": where}

    def _traceback(self, error):
        """The traceback of ``error`` restricted to the learner's own frames."""
        summary = traceback.TracebackException.from_exception(error)
        summary.stack = traceback.StackSummary.from_list(
            [frame for frame in summary.stack if frame.filename == self.file_name]
        )
        lines = "".join(summary.format()).rstrip("\n").splitlines()
        return "\n".join(lines[-12:])


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


if __name__ == "__main__":
    child_main(int(sys.argv[1]), int(sys.argv[2]))
