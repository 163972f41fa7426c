"""The learner's side of the handles: the objects the tests hold, and how they are described.

Runs in the child, next to the learner's code. A value that is not a builtin value crosses
as a handle, a number this table maps to the object (keeping it alive until the tests let
go of it). The tags this side adds to runner_values' format:

* ``{"new": n, "type": T}``: an object crossing for the first time; ``{"ref": n}`` later.
* ``T``, a class: ``{"builtin": name}`` for a shared builtin, ``{"class": n}`` for one
  described before, or its description the first time: ``{"newclass": n, "name",
  "qualname", "module", "learner", "bases": [T...], "exception": [names] | null,
  "methods": {name: "method" | "class"}, "special": [names], "hashable", "doc"}``.
  ``learner`` says the class is the submission's own (its ``__module__``); ``bases`` lists
  only such classes; ``exception`` names the builtin exception classes it derives from
  (through any class that is neither the learner's nor builtin); ``methods`` are the
  functions, class and static methods it has and ``special`` the runner_values.SPECIAL
  methods.
* ``{"exc": T, "args": [V...], "message": text}``, plus ``"new"``/``"ref"`` when the class
  is not a builtin one: an exception, raised or as a value.

And the tests' side adds ``{"lent": n, "name", "qualname", "module", "doc"}``: one of the
tests' functions (a callback, a key function, a function to decorate), which here becomes
a ``Lent``: calling it calls the function on the tests' side, and it crosses back as
``{"lent": n}``. Each time a function is passed it gets a new number, released when its
``Lent`` is dropped (``release_lent`` on the next message).

Handles are numbered upwards in the order they are written; a handle the tests release is
forgotten here and never reused.
"""

import builtins
import sys
import types

import runner_values
from runner_values import SPECIAL, Uncrossable

# Kinds of class attributes the tests' stand-in gets a method for.
METHODS = (types.FunctionType, types.MethodDescriptorType)
CLASS_METHODS = (staticmethod, classmethod, types.ClassMethodDescriptorType)
# Modules of the runner itself in this process: their objects never become handles, so the
# tests never drive the runner's own machinery (its pipes, its output capture).
RUNNER_MODULES = frozenset({"__main__", __name__, runner_values.__name__})


class Objects:
    """The learner's objects the tests hold, by handle."""

    def __init__(self, module_name, call_back):
        self.module_name = module_name
        self.call_back = call_back
        self.lent_released = []
        self.objects = {}
        # id(object) -> handle; the object stays alive in ``objects``, so its id is its own.
        self.handles = {}
        self.next_handle = 0

    def write(self, value, depth=0):
        return runner_values.write(value, self._write_other, depth)

    def read(self, value):
        return runner_values.read(value, self._read_other)

    def release(self, handles):
        for handle in handles:
            value = self.objects.pop(handle, None)
            if value is not None:
                self.handles.pop(id(value), None)

    def _handle(self, value):
        """``value``'s handle and whether it is new."""
        handle = self.handles.get(id(value))
        if handle is not None:
            return handle, False
        handle = self.next_handle
        self.next_handle += 1
        self.objects[handle] = value
        self.handles[id(value)] = handle
        return handle, True

    def _write_other(self, value, depth):
        kind = type(value)
        if kind is Lent:
            return {"lent": value._number}
        if issubclass(kind, type):
            return self.write_type(value, depth)
        if issubclass(kind, BaseException):
            return self._write_exception(value, depth)
        if isinstance(value, types.ModuleType) or _module_of(kind) in RUNNER_MODULES or (
                isinstance(value, (types.FunctionType, types.MethodType))
                and _module_of(value) in RUNNER_MODULES):
            raise Uncrossable("this object belongs to the test runner and cannot cross")
        handle, new = self._handle(value)
        if not new:
            return {"ref": handle}
        return {"new": handle, "type": self.write_type(kind, depth + 1)}

    def write_type(self, kind, depth=0):
        name = runner_values.builtin_name(kind)
        if name is not None:
            return {"builtin": name}
        handle, new = self._handle(kind)
        if not new:
            return {"class": handle}
        learner = _module_of(kind) == self.module_name
        mro = [each for each in kind.__mro__ if each is not object]
        doc = vars(kind).get("__doc__")
        return {
            "newclass": handle,
            "name": str(kind.__name__),
            "qualname": str(kind.__qualname__),
            "module": str(_module_of(kind)),
            "learner": learner,
            "bases": [self.write_type(base, depth + 1) for base in kind.__bases__
                      if learner and _module_of(base) == self.module_name],
            "exception": self._exception_bases(kind) if issubclass(kind, BaseException) else None,
            # An exception's own methods (with_traceback...) stay those of the builtin class.
            "methods": _methods([each for each in mro if _builtin_exception(each) is None]),
            "special": [name for name in SPECIAL if _has(mro, name)],
            "hashable": _lookup(mro, "__hash__") is not None,
            "doc": doc if isinstance(doc, str) else None,
        }

    def _exception_bases(self, kind):
        """The builtin exception classes ``kind`` derives from, nearest first (the learner's
        own bases are described as such)."""
        names = []
        for base in kind.__bases__:
            name = runner_values.builtin_name(base) or _builtin_exception(base)
            if name is not None:
                names.append(name)
            elif _module_of(base) != self.module_name and issubclass(base, BaseException):
                names.extend(self._exception_bases(base))
        return names

    def _write_exception(self, error, depth):
        kind = self.write_type(type(error), depth + 1)
        try:
            arguments = [self.write(argument, depth + 1) for argument in error.args]
        except Exception:  # noqa: BLE001 - arguments that cannot cross leave only the message.
            arguments = []
        written = {"exc": kind, "args": arguments, "message": message_of(error)}
        if "builtin" not in kind:
            handle, new = self._handle(error)
            written["new" if new else "ref"] = handle
        return written

    def _read_other(self, tag, value, depth):
        if tag in ("ref", "class"):
            return self.objects[value[tag]]
        if tag == "lent":
            return Lent(self, value)
        if tag == "exc":
            if "ref" in value:
                return self.objects[value["ref"]]
            kind = self.read(value["exc"])
            try:
                return kind(*[self.read(argument) for argument in value["args"]])
            except Exception:  # noqa: BLE001 - some builtin exceptions need other arguments.
                return kind()
        raise runner_values.Broken(f"unknown tag {tag}")


class Lent:
    """A function of the tests: calling it runs it there, with the arguments crossing as
    any value does. Its name and docstring are the function's (for functools.wraps)."""

    __slots__ = ("_objects", "_number", "__dict__", "__weakref__")

    def __init__(self, objects, value):
        self._objects = objects
        self._number = value["lent"]
        for name in ("name", "qualname", "module", "doc"):
            setattr(self, f"__{name}__", value.get(name))

    def __call__(self, /, *args, **kwargs):
        return self._objects.call_back(self._number, args, kwargs)

    def __repr__(self):
        return f"<function {self.__qualname__} of the tests>"

    def __del__(self):
        self._objects.lent_released.append(self._number)


def message_of(error):
    try:
        return str(error)
    except BaseException:  # noqa: BLE001 - a learner's __str__ may raise too.
        return "(the exception's message could not be read)"


def _module_of(value):
    module = getattr(value, "__module__", None)
    return module if isinstance(module, str) else ""


def _builtin_exception(kind):
    """The name of a builtin exception class that is not shared (SystemExit...), else None."""
    name = getattr(kind, "__name__", None)
    if isinstance(name, str) and getattr(builtins, name, None) is kind and issubclass(kind, BaseException):
        return name
    return None


def _lookup(mro, name):
    for kind in mro + [object]:
        if name in vars(kind):
            return vars(kind)[name]
    return None


def _has(mro, name):
    found = _lookup(mro, name)
    return found is not None and found is not vars(object).get(name)


def _methods(mro):
    methods, seen = {}, set()
    for kind in mro:
        for name, attribute in vars(kind).items():
            if name in seen or name.startswith("__"):
                continue
            seen.add(name)
            if isinstance(attribute, METHODS):
                methods[name] = "method"
            elif isinstance(attribute, CLASS_METHODS):
                methods[name] = "class"
    return methods


class Shared:
    """Lists, dicts, sets and bytearrays that both sides hold: an argument the learner's
    code keeps (a generator consuming it, an object storing it), or a container of the
    learner's it gave the tests (its own list, returned or read as an attribute). Each
    side sends the other what changed in them with its next message, so both see one
    object, as they would in one process. A container is shared only while the learner's
    code holds it (its reference count says so) and while it is small (a snapshot of
    it is compared at every message), and the tests name it by a number: theirs for
    arguments, a negative one of this side's for what the learner gave.
    """

    KINDS = (list, dict, set, bytearray)

    def __init__(self, objects):
        self.objects = objects
        # number -> [container, snapshot of the state both sides know]
        self.containers = {}
        self.next_number = 0

    def keep(self, number, container, references_before):
        """Shares an argument if the call left the learner's code holding it."""
        return sys.getrefcount(container) > references_before and self._share(number, container)

    def _share(self, number, container):
        try:
            state = runner_values.snapshot(container)
        except Exception:  # noqa: BLE001 - a container that does not cross is not shared.
            return False
        if len(state) > runner_values.SHARED_TEXT_LIMIT:
            return False
        self.containers[number] = [container, state]
        return True

    def given(self, value, references_alone, offered):
        """Shares a container the learner's code gave the tests while holding it itself;
        its number, else None. ``references_alone``: its count if nothing else held it. A
        container the tests sent (``offered`` by this request, or shared) is named by
        its number, so the tests get their own object back."""
        if type(value) not in self.KINDS:
            return None
        for number, container in offered:
            if container is value:
                return number
        for number, entry in self.containers.items():
            if entry[0] is value:
                return number
        if sys.getrefcount(value) <= references_alone or not self._share(self.next_number - 1, value):
            return None
        self.next_number -= 1
        return self.next_number

    def apply(self, changes):
        """The tests' changes: each shared container made to hold what theirs holds."""
        for number, value in changes:
            entry = self.containers.get(number)
            if entry is not None:
                runner_values.update_in_place(entry[0], self.objects.read(value))
                entry[1] = runner_values.snapshot(entry[0])

    def changes(self):
        """What changed here since the tests last knew, and what is no longer shared."""
        changed, dropped = [], []
        for number, entry in list(self.containers.items()):
            try:
                state = runner_values.snapshot(entry[0])
                if state != entry[1]:
                    changed.append([number, self.objects.write(entry[0])])
                    entry[1] = state
            except Exception:  # noqa: BLE001 - a container that no longer crosses stops being shared.
                state = None
            # Held only by this table (the other reference is getrefcount's own): the
            # learner's code let go of it, after changing it one last time perhaps.
            if (state is None or len(state) > runner_values.SHARED_TEXT_LIMIT
                    or sys.getrefcount(entry[0]) <= 2):
                del self.containers[number]
                dropped.append(number)
        return changed, dropped
