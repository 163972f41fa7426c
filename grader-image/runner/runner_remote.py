"""The tests' side of the learner's objects: the requests and the checks of the replies.

Every use the tests make of a learner's object is one request to the learner's process
(runner_child.py performs it) and one reply, which is the learner's process speaking:

* ``call``: ``target(*args, **kwargs)``, ``method``: ``target.name(*args, **kwargs)``; with
  ``sync`` the reply's ``after`` holds the arguments as the call left them, and the tests'
  own lists, dicts, sets and bytearrays are updated in place to match. ``share`` numbers
  the arguments that are such containers; the reply's ``retained`` says which ones the
  learner's code kept, and ``given`` numbers a container it returned while keeping it
  (or the tests' own, sent back): those stay shared (runner_handles.Shared), and any
  message of either side carries ``shared`` (what changed in them) and ``unshared``.
* ``getattr``, ``setattr`` (``args`` is ``[value]``), ``delattr``: ``target.name``.
* ``special``: the operation ``name`` of runner_child.OPERATIONS on ``[target] + args``
  (``len``, ``str``, ``add``, ``lt``...).
* ``release``, on any request: handles the tests no longer hold.

While it performs a request, the learner's code may call a function the tests passed it
(``{"lent": n}``, runner_child_objects.Lent): the child sends ``{"callback": n, "args",
"kwargs"}`` instead of the reply, the function runs here (and may make requests of its
own) and its answer goes back as ``{"returned": value}`` or ``{"raised": exception}``.
Any message from the child may carry ``release_lent``, the functions it dropped.

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
* A reply naming a handle the tests were never given, announcing one twice, or describing
  a class badly is a broken connection (``runtime_error``); the tests hold a bounded
  number of the learner's objects at once (runner_handles.py).
* The learner's process can only call the tests' functions, never read their attributes
  (a lambda's ``__globals__`` would be the hidden tests'). An assertion failing inside one
  fails the test even if the learner's code catches it, and that code gets the
  AssertionError without its message (which names the expected value).
* Exceptions arrive as builtin exception classes (only ``Exception`` subclasses), or as
  local classes deriving from those (runner_proxies.py): never as ``SkipTest``,
  ``KeyboardInterrupt`` or anything else unittest treats specially.
"""

import types

import runner_values
from runner_handles import Handles, Shared
from runner_proxies import LocalClasses, remote_handle
from runner_results import MESSAGE_LIMIT, Stop, text_field
from runner_values import Broken, Uncrossable

# Calls of the tests' functions inside the learner's code inside the tests' functions...
CALL_BACK_DEPTH = 50
BROKEN = "Your program broke the connection to the tests"


class Remote:
    """The learner's objects as the tests see them, over one child's pipes."""

    def __init__(self, child):
        self.child = child
        self.local = LocalClasses(self)
        self.handles = Handles(self.local, child.fail)
        self.shared = Shared(self.handles)
        # Assertions of the tests that failed inside their own functions, called by the
        # learner's code (see ``_call_back``).
        self.failed_in_call_back = []
        # Requests under way: more than one while the learner's code calls the tests' code.
        self.depth = 0

    # --- requests -----------------------------------------------------------------------

    def request(self, op, target, name=None, args=(), kwargs=None, sync=False, share=False):
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
        offered = {}
        if share:
            offered, message["share"] = self.shared.offer(list(args) + list((kwargs or {}).values()))
        releasing = self.handles.take_releases()
        if releasing:
            message["release"] = releasing
        self.depth += 1
        try:
            self.shared.send(message)
            number = self.child.request(message)
            reply = self._reply(number)
            value = None
            if reply.get("ok") is True:
                value, error = self.read(reply.get("value")), None
            else:
                error = self._error(reply)
            if sync and "after" in reply:
                self._sync(args, kwargs or {}, reply["after"])
            value = self.shared.settle(reply, value, offered)
            self.shared.receive(reply)
            self.handles.forget_lent(reply)
        except Broken:
            self.child.fail(Stop("runtime_error", BROKEN))
        finally:
            self.depth -= 1
        if self.depth == 0 and self.failed_in_call_back:
            # An assertion of the tests failed inside their own function, called by the
            # learner's code: the test fails, whatever that code did with the exception.
            failure, self.failed_in_call_back = self.failed_in_call_back[0], []
            raise failure
        if error is not None:
            raise error
        return value

    def _reply(self, number):
        """The reply to request ``number``, running the tests' functions the learner's code
        calls meanwhile."""
        while True:
            message = self.child.next_message()
            if "callback" not in message:
                if message.get("id") != number:
                    raise Broken("a reply to another request")
                return message
            answer = self._call_back(message)
            self.shared.send(answer)
            self.child.answer(answer)

    def _call_back(self, message):
        function = self.handles.lent_function(message["callback"])
        arguments, keywords = message.get("args"), message.get("kwargs")
        if (type(arguments) is not list or type(keywords) is not list
                or not all(type(pair) is list and len(pair) == 2 and type(pair[0]) is str for pair in keywords)):
            raise Broken("a call of a function the tests did not pass")
        arguments = [self.read(value) for value in arguments]
        keywords = {name: self.read(value) for name, value in keywords}
        self.shared.receive(message)
        self.handles.forget_lent(message)
        if self.depth > CALL_BACK_DEPTH:
            return {"raised": _bare_error(RecursionError, "the tests' functions and yours call each other too deeply")}
        try:
            return {"returned": self.write(function(*arguments, **keywords))}
        except Stop:
            raise
        except BaseException as error:  # noqa: BLE001 - whatever the tests' function raised.
            if isinstance(error, AssertionError):
                self.failed_in_call_back.append(error)
            return {"raised": self._error_for_learner(error)}

    def _error_for_learner(self, error):
        """An exception of the tests' function as the learner's code gets it: its own
        exceptions as they were, the tests' as the builtin class they derive from with
        their message (an assertion's message, which names expected values, stays here)."""
        if remote_handle(error) is not None or "learner_text" in getattr(error, "__dict__", {}):
            try:
                return self.write(error)
            except Uncrossable:
                pass
        kind = next(each for each in type(error).__mro__ if runner_values.builtin_name(each) or each is BaseException)
        if kind is BaseException:
            kind = Exception
        message = ""
        if not isinstance(error, AssertionError):
            try:
                message = str(error)[:MESSAGE_LIMIT]
            except Exception:  # noqa: BLE001 - a message that cannot be read is left out.
                pass
        return _bare_error(kind, message)

    def call(self, target, args, kwargs):
        return self.request("call", target, args=args, kwargs=kwargs, sync=_changeable(args, kwargs), share=True)

    def method(self, target, name, args, kwargs):
        return self.request("method", target, name, args, kwargs, sync=_changeable(args, kwargs), share=True)

    def get(self, target, name):
        return self.request("getattr", target, name)

    def set(self, target, name, value):
        self.request("setattr", target, name, (value,))

    def delete(self, target, name):
        self.request("delattr", target, name)

    def special(self, op, target, *operands, check=None):
        result = self.request("special", target, op, operands)
        if check is not None and not check(result):
            raise TypeError(f"{op}() of your {_kind(target)} object gave {_kind(result)}, which Python "
                            "does not allow there")
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
        if not self.handles.crossable(operands):
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
        if not self.handles.crossable(info):
            info = (Exception, None, None)
        result = self.special("exit", manager, *info)
        return result is True and raised_by_learner

    def module(self, names):
        """The module the tests import, from the ``ready`` message's names. A name that does
        not read is left out (an import of it fails the tests), as are dunder names, which
        would let the learner's process hook the tests' import machinery."""
        module = types.ModuleType(self.child.module_name)
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

    def write(self, value):
        return self.handles.write(value)

    def read(self, value):
        return self.handles.read(value)

    def _error(self, reply):
        error = self.read(reply.get("error"))
        if not isinstance(error, BaseException):
            raise Broken("an error that is not an exception")
        if type(error) is MemoryError:
            self.child.fail(Stop("memory_limit", "Your program ran out of memory"))
        error.learner_text += text_field(reply.get("where"))[:200]
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
            if new is not None and _holds_mutable(old):
                runner_values.update_in_place(old, self.read(new))


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


def _bare_error(kind, message):
    name = runner_values.builtin_name(kind)
    return {"exc": {"builtin": name}, "args": [{"l": repr(message)}] if message else [], "message": message}

