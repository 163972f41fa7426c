"""The tests' side of the learner's objects: requests, the handles the tests hold, the checks.

Every use the tests make of a learner's object is one request to the learner's process
(runner_child.py performs it) and one reply, which is the learner's process speaking:

* ``call``: ``target(*args, **kwargs)``, ``method``: ``target.name(*args, **kwargs)``; with
  ``sync`` the reply's ``after`` holds the arguments as the call left them, and the tests'
  own lists, dicts, sets and bytearrays are updated in place to match.
* ``getattr``, ``setattr`` (``args`` is ``[value]``), ``delattr``: ``target.name``.
* ``special``: the operation ``name`` of runner_child.OPERATIONS on ``[target] + args``
  (``len``, ``str``, ``add``, ``lt``...).
* ``release``, on any request: handles the tests no longer hold.

What the guarantee rests on (no reply can turn a failing test into a pass):

* Values arrive in runner_values' format: builtin values are always of the exact builtin
  type; everything else is a stand-in (runner_proxies.py) whose every use is a request.
* A stand-in never equals, and is never ordered against, anything but another stand-in:
  comparing it with a plain value is decided here, without the learner's code (False for
  ``==``). Comparisons between stand-ins, ``bool``, ``in``, ``len``, ``hash``, ``str`` and
  the conversions must answer with exactly the builtin type Python promises, else the
  test gets a ``TypeError``. Arithmetic with a plain value (or on what such arithmetic
  gave) must give a stand-in, so ``abs(answer - 42.0)`` cannot come back as a plain 0 and
  make ``assertAlmostEqual`` pass.
* Handles are numbered upwards by the learner's process; a reply naming a handle the tests
  were never given, announcing one twice, or describing a class badly is a broken
  connection (``runtime_error``), and at most ``HANDLE_LIMIT`` objects and
  ``CLASS_LIMIT`` classes are held at once.
* Exceptions arrive as builtin exception classes (only ``Exception`` subclasses), or as
  local classes deriving from those (runner_proxies.py): never as ``SkipTest``,
  ``KeyboardInterrupt`` or anything else unittest treats specially.
"""

import builtins
import types
import weakref

import runner_values
from runner_channel import MODULE_NAME
from runner_proxies import LocalClasses, remote_handle
from runner_results import MESSAGE_LIMIT, Stop, text_field
from runner_values import SPECIAL, Broken, Uncrossable

HANDLE_LIMIT = 10000
CLASS_LIMIT = 1000
# Bounds on a class's description: longer is tampering, not a plausible class.
NAME_LIMIT = 200
DOC_LIMIT = 10000
MEMBER_LIMIT = 2000
# An exception's message is kept whole up to this (assertRaisesRegex reads it).
TEXT_LIMIT = 100000
BROKEN = "Your program broke the connection to the tests"


class Remote:
    """The learner's objects as the tests see them, over one child's pipes."""

    def __init__(self, child):
        self.child = child
        # handle -> (local class, weak reference) of each object the tests were given, until
        # its release is sent (a dead one is revived if a reply names it before that).
        self.entries = {}
        self.releasing = set()
        # handle -> local class and back; classes live as long as the run.
        self.classes = {}
        self.class_handles = {}
        self.last_handle = -1
        self.local = LocalClasses(self)

    # --- requests -----------------------------------------------------------------------

    def request(self, op, target, name=None, args=(), kwargs=None, sync=False):
        """Performs ``op`` in the learner's process; its value, or its exception raised."""
        try:
            message = {"op": op, "target": self.write(target)}
            if args:
                message["args"] = [self.write(value) for value in args]
            if kwargs:
                message["kwargs"] = [[str(key), self.write(value)] for key, value in kwargs.items()]
        except Uncrossable as error:
            raise TypeError(str(error)) from None
        if name is not None:
            message["name"] = name
        if sync:
            message["sync"] = True
        releasing, self.releasing = self.releasing, set()
        if releasing:
            message["release"] = sorted(releasing)
            for handle in releasing:
                self.entries.pop(handle, None)
        reply = self.child.exchange(message)
        try:
            if reply.get("ok") is True:
                value, error = self.read(reply.get("value")), None
            else:
                error = self._error(reply)
            if sync and "after" in reply:
                self._sync(args, kwargs or {}, reply["after"])
        except Broken:
            self.child.fail(Stop("runtime_error", BROKEN))
        if error is not None:
            raise error
        return value

    def call(self, target, args, kwargs):
        return self.request("call", target, args=args, kwargs=kwargs, sync=_changeable(args, kwargs))

    def method(self, target, name, args, kwargs):
        return self.request("method", target, name, args, kwargs, sync=_changeable(args, kwargs))

    def get(self, target, name):
        return self.request("getattr", target, name)

    def set(self, target, name, value):
        self.request("setattr", target, name, (value,))

    def delete(self, target, name):
        self.request("delattr", target, name)

    def special(self, op, target, *operands, check=None):
        result = self.request("special", target, op, operands)
        if check is not None and not check(result):
            raise TypeError(f"{op}() of {_kind(target)} gave a {_kind(result)}, which Python does not allow")
        return result

    def compare(self, op, left, right):
        """``left <op> right``: asked of the learner only when both are its objects."""
        if remote_handle(left) is None or remote_handle(right) is None:
            return NotImplemented
        return self.special(op, left, right, check=lambda result: type(result) is bool)

    def arithmetic(self, op, operands, unary=False):
        """An operator on the learner's objects. With a plain value among the operands, or
        an operand that came from such arithmetic, the result must be the learner's object
        too (and is marked so): nothing mixed with a plain value becomes a plain value."""
        mixed = any(_mixed(value) for value in operands) or (
            not unary and any(remote_handle(value) is None for value in operands))
        try:
            self.write(operands)
        except Uncrossable:
            return NotImplemented
        result = self.special(op, operands[0], *operands[1:])
        if mixed:
            if remote_handle(result) is None:
                what = "computed with a plain value" if unary else "and a plain value"
                raise TypeError(f"{op}() of your {_kind(_first_remote(operands))} {what} gave "
                                f"{_kind(result)}, but it must give one of your objects")
            _mark_mixed(result)
        return result

    def hash(self, target):
        try:
            return object.__getattribute__(target, "__cp_hash__")
        except AttributeError:
            pass
        value = self.special("hash", target, check=lambda value: type(value) is int and -2**63 <= value < 2**63)
        object.__setattr__(target, "__cp_hash__", value)
        return value

    def exit(self, manager, kind, error):
        """``manager.__exit__``: the learner's process learns which builtin exception left
        the block (never the tests' message), and may swallow only one it raised itself."""
        raised_by_learner = error is not None and "learner_text" in getattr(error, "__dict__", {})
        info = (None, None, None)
        if raised_by_learner:
            info = (type(error), error, None)
        elif error is not None:
            base = next(each for each in type(error).__mro__ if runner_values.builtin_name(each) or each is BaseException)
            info = (base if base is not BaseException else Exception, None, None)
        try:
            self.write(info)
        except Uncrossable:
            info = (Exception, None, None)
        result = self.special("exit", manager, *info)
        return result is True and raised_by_learner

    def module(self, names):
        """The module the tests import, from the ``ready`` message's names. A name that does
        not read is left out (an import of it fails the tests), as are dunder names, which
        would let the learner's process hook the tests' import machinery."""
        module = types.ModuleType(MODULE_NAME)
        for name, value in names.items():
            if not isinstance(name, str) or not name.isidentifier() or name.startswith("__"):
                continue
            try:
                setattr(module, name, self.read(value))
            except Stop:
                raise
            except Exception:  # noqa: BLE001 - a forged or unreadable name is not imported.
                continue
        # `from solution import *` imports nothing: it would let the learner's names shadow
        # the hidden tests' own (expected values, helpers, builtins).
        module.__all__ = []
        return module

    # --- values -------------------------------------------------------------------------

    def write(self, value):
        return runner_values.write(value, self._write_other)

    def read(self, value):
        return runner_values.read(value, self._read_other)

    def _write_other(self, value, depth):
        handle = remote_handle(value)
        if handle is not None:
            return {"ref": handle}
        if isinstance(value, type) and value in self.class_handles:
            return {"class": self.class_handles[value]}
        name = runner_values.builtin_name(type(value))
        if isinstance(value, BaseException) and name is not None:
            return {"exc": {"builtin": name}, "args": [self.write(argument) for argument in value.args],
                    "message": ""}
        raise Uncrossable(f"a value of type {type(value).__name__} cannot be passed to the submission")

    def _read_other(self, tag, value, depth):
        if tag == "ref":
            return self._known(value["ref"])
        if tag == "new":
            handle = self._fresh(value["new"])
            kind = self._read_class(value.get("type"), depth)
            if not issubclass(kind, self.local.Proxy):
                raise Broken("an object of a class that crosses by value")
            return self._adopt(self.local.instance(kind, handle), handle)
        if tag in ("class", "newclass"):
            return self._class(tag, value, depth)
        if tag == "exc":
            return self._exception(value, depth)
        raise Broken(f"unknown tag {tag!r}")

    def _fresh(self, handle):
        if type(handle) is not int or handle <= self.last_handle:
            raise Broken("a handle announced twice")
        self.last_handle = handle
        if len(self.entries) >= HANDLE_LIMIT:
            self.child.fail(Stop("runtime_error", f"The tests would hold more than {HANDLE_LIMIT} of your "
                                                  "program's objects at once"))
        return handle

    def _adopt(self, local, handle):
        """Records ``local`` as the tests' object for ``handle`` until it is dropped."""
        def forget(reference):
            entry = self.entries.get(handle)
            if entry is not None and entry[1] is reference:
                self.releasing.add(handle)

        self.entries[handle] = (type(local), weakref.ref(local, forget))
        self.releasing.discard(handle)
        return local

    def _known(self, handle):
        entry = self.entries.get(handle) if type(handle) is int else None
        if entry is None or issubclass(entry[0], BaseException):
            raise Broken("a handle the tests were never given")
        local = entry[1]()
        return local if local is not None else self._adopt(self.local.instance(entry[0], handle), handle)

    def _read_class(self, value, depth):
        kind = runner_values.read(value, self._read_other, depth + 1)
        if not isinstance(kind, type):
            raise Broken("not a class")
        return kind

    def _class(self, tag, value, depth):
        handle = value[tag]
        if tag == "class":
            kind = self.classes.get(handle) if type(handle) is int else None
            if kind is None:
                raise Broken("a class the tests were never given")
            return kind
        self._fresh(handle)
        if len(self.classes) >= CLASS_LIMIT:
            self.child.fail(Stop("runtime_error", f"Your program made more than {CLASS_LIMIT} classes"))
        name = _name(value.get("name"), "Object")
        bases = _list(value.get("bases"), 50)
        exception = value.get("exception")
        methods = value.get("methods")
        special = _list(value.get("special"), len(SPECIAL))
        doc = value.get("doc")
        if (type(value.get("learner")) is not bool or type(value.get("hashable")) is not bool
                or not (exception is None or isinstance(exception, list) and len(exception) <= 50)
                or type(methods) is not dict or len(methods) > MEMBER_LIMIT
                or not all(_name(key, None) and not key.startswith("__") and kind in ("method", "class")
                           for key, kind in methods.items())
                or not all(name in SPECIAL for name in special)
                or not (doc is None or type(doc) is str)):
            raise Broken("a class described badly")
        bases = [self._read_class(base, depth) for base in bases]
        if not all(base in self.class_handles for base in bases):
            raise Broken("a base class that is not the learner's")
        if exception is not None:
            exception = [_builtin_exception(name) for name in exception]
        kind = self.local.make_class(
            name=name, qualname=_name(value.get("qualname"), name, dotted=True),
            module=_name(value.get("module"), "", dotted=True), bases=bases, exception=exception,
            methods=methods, special=special, hashable=value["hashable"],
            doc=None if doc is None else doc[:DOC_LIMIT])
        self.classes[handle] = kind
        self.class_handles[kind] = handle
        return kind

    def _exception(self, value, depth):
        kind = self._read_class(value.get("exc"), depth)
        arguments = value.get("args")
        message = value.get("message")
        if not issubclass(kind, BaseException) or type(arguments) is not list or type(message) is not str:
            raise Broken("not an exception")
        arguments = [runner_values.read(argument, self._read_other, depth + 1) for argument in arguments]
        message = message[:TEXT_LIMIT]
        if runner_values.builtin_name(kind) is not None:
            error = _builtin_error(kind, arguments, message)
        else:
            handle = value.get("new")
            if handle is not None:
                self._fresh(handle)
            else:
                handle = value.get("ref")
                entry = self.entries.get(handle) if type(handle) is int else None
                if entry is None or entry[0] is not kind:
                    raise Broken("an exception the tests were never given")
                if entry[1]() is not None:
                    return entry[1]()
            error = self._adopt(self.local.exception(kind, arguments, message, handle), handle)
        # What the test's message shows, and the mark of an exception the learner raised.
        error.learner_text = f"{kind.__name__}: {message[:MESSAGE_LIMIT]}"
        return error

    def _error(self, reply):
        error = self.read(reply.get("error"))
        if not isinstance(error, BaseException):
            raise Broken("an error that is not an exception")
        if type(error) is MemoryError:
            self.child.fail(Stop("memory_limit", "Your program ran out of memory"))
        error.learner_text += text_field(reply.get("where"))[:NAME_LIMIT]
        return error

    def _sync(self, args, kwargs, after):
        """Updates the tests' arguments in place to the state the call left them in."""
        if type(after) is not dict or type(after.get("args")) is not list or type(after.get("kwargs")) is not list:
            raise Broken("arguments after the call")
        new_args = after["args"]
        new_kwargs = after["kwargs"]
        if len(new_args) != len(args) or [pair[0] if type(pair) is list and len(pair) == 2 else None
                                          for pair in new_kwargs] != [str(key) for key in kwargs]:
            raise Broken("arguments after the call")
        for old, new in zip(list(args) + list(kwargs.values()), new_args + [pair[1] for pair in new_kwargs]):
            if _holds_mutable(old):
                _update(old, self.read(new))


def _update(old, new, depth=0):
    """Makes the tests' ``old`` hold what ``new`` holds, changing it in place where it can
    change (lists, dicts, sets, bytearrays, and those inside tuples)."""
    if depth > runner_values.DEPTH_LIMIT:
        return
    if isinstance(old, list) and type(new) is list:
        for index in range(min(len(old), len(new))):
            if _same_kind(old[index], new[index]):
                _update(old[index], new[index], depth + 1)
            else:
                old[index] = new[index]
        del old[len(new):]
        old.extend(new[len(old):])
    elif isinstance(old, dict) and type(new) is dict:
        for key in [key for key in old if key not in new]:
            del old[key]
        for key, value in new.items():
            if key in old and _same_kind(old[key], value):
                _update(old[key], value, depth + 1)
            else:
                old[key] = value
    elif isinstance(old, set) and type(new) is set:
        old.clear()
        old.update(new)
    elif isinstance(old, bytearray) and type(new) is bytearray:
        old[:] = new
    elif isinstance(old, tuple) and type(new) is tuple and len(old) == len(new):
        for before, after in zip(old, new):
            if _same_kind(before, after):
                _update(before, after, depth + 1)


def _same_kind(old, new):
    return any(isinstance(old, kind) and type(new) is kind for kind in (list, dict, set, bytearray, tuple))


def _changeable(args, kwargs):
    return any(_holds_mutable(value) for value in args) or any(_holds_mutable(value) for value in kwargs.values())


def _holds_mutable(value, depth=0):
    """Whether ``value`` is or holds a list, dict, set or bytearray (what a call can change)."""
    if isinstance(value, (list, dict, set, bytearray)):
        return True
    if depth < runner_values.DEPTH_LIMIT and isinstance(value, (tuple, frozenset)):
        return any(_holds_mutable(item, depth + 1) for item in value)
    return False


def _mixed(value):
    try:
        return object.__getattribute__(value, "__cp_mixed__") is True
    except AttributeError:
        return False


def _mark_mixed(value):
    try:
        object.__setattr__(value, "__cp_mixed__", True)
    except AttributeError:
        pass


def _first_remote(values):
    return next((value for value in values if remote_handle(value) is not None), values[0])


def _kind(value):
    return type(value).__name__


def _list(value, limit):
    if type(value) is not list or len(value) > limit:
        raise Broken("a class described badly")
    return value


def _name(value, default, dotted=False):
    """A class's name as the learner's process gave it, if it is one, else ``default``."""
    if type(value) is not str or len(value) > NAME_LIMIT:
        return default
    parts = value.split(".") if dotted else [value]
    return value if all(part.isidentifier() or part == "<locals>" for part in parts) else default


def _builtin_exception(name):
    kind = getattr(builtins, name, None) if type(name) is str else None
    if not (isinstance(kind, type) and issubclass(kind, BaseException)):
        raise Broken("a builtin exception that does not exist")
    return kind


def _builtin_error(kind, arguments, message):
    """The builtin exception the learner raised, made here from its arguments when they are
    plain values (so ``str()`` and ``args`` are Python's own), else from its message."""
    if all(remote_handle(argument) is None for argument in arguments):
        try:
            return kind(*arguments)
        except Exception:  # noqa: BLE001 - some builtins need other arguments.
            pass
    try:
        return kind(message)
    except Exception:  # noqa: BLE001
        return kind()

