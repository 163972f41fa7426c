"""The tests' table of the learner's objects and classes, and the values that name them.

A reply names the learner's objects by handle (the tags of runner_child_objects.py); here
each handle becomes the tests' stand-in (runner_proxies.py), the same one for as long as
the tests hold it, and each class a local class, for the whole run. What a reply may
name is checked: a handle the tests were never given, one announced twice (handles are
numbered upwards), a class described badly or a base class that is not the learner's is
``Broken`` (a broken connection), and at most ``HANDLE_LIMIT`` objects and ``CLASS_LIMIT``
classes are held at once. The tests' own functions cross the other way, by number
(``lent``).
"""

import builtins
import weakref

import runner_values
from runner_proxies import remote_handle
from runner_results import MESSAGE_LIMIT, Stop
from runner_values import SPECIAL, Broken, Uncrossable

HANDLE_LIMIT = 10000
CLASS_LIMIT = 1000
LENT_LIMIT = 1000
SHARED_LIMIT = 32
# Bounds on a class's description: longer is tampering, not a plausible class.
NAME_LIMIT = 200
DOC_LIMIT = 10000
MEMBER_LIMIT = 2000
# An exception's message is kept whole up to this (assertRaisesRegex reads it).
TEXT_LIMIT = 100000


class Handles:
    """The learner's objects and classes the tests hold, and the tests' functions lent."""

    def __init__(self, local, fail):
        self.local = local
        self.fail = fail
        # handle -> (local class, weak reference) of each object the tests were given, until
        # its release is sent (a dead one is revived if a reply names it before that).
        self.entries = {}
        self.releasing = set()
        # handle -> local class and back; classes live as long as the run.
        self.classes = {}
        self.class_handles = {}
        self.last_handle = -1
        # The tests' functions the learner's process may call, by number (see
        # runner_child_objects.Lent).
        self.lent = {}
        self.next_lent = 0

    def take_releases(self):
        """The handles to release with the next request, forgotten here from now on."""
        releasing, self.releasing = self.releasing, set()
        for handle in releasing:
            self.entries.pop(handle, None)
        return sorted(releasing)

    def crossable(self, value):
        """Whether ``value`` can be sent as it is (lending none of the tests' functions)."""
        def other(value, depth):
            if isinstance(value, BaseException) and runner_values.builtin_name(type(value)):
                return runner_values.write(value.args, other, depth + 1)
            if remote_handle(value) is None and not (isinstance(value, type) and value in self.class_handles):
                raise Uncrossable("not without lending")
            return {}

        try:
            runner_values.write(value, other)
            return True
        except Uncrossable:
            return False

    def lent_function(self, number):
        function = self.lent.get(number) if type(number) is int else None
        if function is None:
            raise Broken("a function the tests did not pass")
        return function

    def forget_lent(self, message):
        """Forgets the tests' functions the learner's process dropped before sending
        ``message`` (once the values in it, written before, are read)."""
        released = message.get("release_lent", [])
        if type(released) is not list:
            raise Broken("released functions")
        for number in released:
            if type(number) is int:
                self.lent.pop(number, None)

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
        if callable(value) and not isinstance(value, type):
            if len(self.lent) >= LENT_LIMIT:
                raise Uncrossable(f"more than {LENT_LIMIT} of the tests' functions passed at once")
            self.next_lent += 1
            self.lent[self.next_lent] = value
            described = {"lent": self.next_lent}
            for attribute in ("name", "qualname", "module", "doc"):
                text = getattr(value, f"__{attribute}__", None)
                described[attribute] = text[:DOC_LIMIT] if isinstance(text, str) else None
            return described
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
        if tag == "lent":
            return self.lent_function(value["lent"])
        raise Broken(f"unknown tag {tag!r}")

    def _fresh(self, handle):
        if type(handle) is not int or handle <= self.last_handle:
            raise Broken("a handle announced twice")
        self.last_handle = handle
        if len(self.entries) >= HANDLE_LIMIT:
            self.fail(Stop("runtime_error",
                           f"The tests would hold more than {HANDLE_LIMIT} of your program's objects at once"))
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
            self.fail(Stop("runtime_error", f"Your program made more than {CLASS_LIMIT} classes"))
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


class Shared:
    """The tests' side of the lists, dicts, sets and bytearrays both sides hold (see
    runner_child_objects.Shared): what changed here goes with the next message, what
    changed there is applied when it arrives. Numbers the tests gave are positive, the
    learner's side's negative; at most ``SHARED_LIMIT`` are shared at once, each while
    its snapshot stays within runner_values.SHARED_TEXT_LIMIT."""

    KINDS = (list, dict, set, bytearray)

    def __init__(self, handles):
        self.handles = handles
        # number -> [container, snapshot of the state both sides know]
        self.containers = {}
        self.last_number = 0

    def offer(self, values):
        """The arguments among ``values`` the learner's code may keep, by number (``{number:
        container}``), and ``[position, number]`` for each, for the request."""
        offered, positions = {}, []
        for position, value in enumerate(values):
            if isinstance(value, self.KINDS) and len(self.containers) + len(offered) < SHARED_LIMIT:
                self.last_number += 1
                offered[self.last_number] = value
                positions.append([position, self.last_number])
        return offered, positions

    def settle(self, reply, value, offered):
        """After a reply: the ``offered`` arguments the learner's code kept, and the
        container it gave (``value``) if it keeps that too, are shared from now on. Returns
        the value the tests get: a container they already share is given as itself."""
        retained = reply.get("retained", [])
        if type(retained) is not list:
            raise Broken("kept arguments")
        for number in retained:
            container = offered.get(number) if type(number) is int else None
            if container is not None:
                self._share(number, container)
        given = reply.get("given")
        if given is None:
            return value
        if type(given) is not int or type(value) not in self.KINDS:
            raise Broken("a container given")
        entry = self.containers.get(given)
        if entry is not None or given in offered:
            # One of the tests' own (an argument of this call, or one the learner's code
            # kept): that very object, as it is now.
            own = entry[0] if entry is not None else offered[given]
            runner_values.update_in_place(own, value)
            if entry is not None:
                entry[1] = runner_values.snapshot(own)
            return own
        if given >= 0:
            raise Broken("a container given")
        self._share(given, value)
        return value

    def _share(self, number, container):
        try:
            state = runner_values.snapshot(container)
        except Uncrossable:
            return
        if len(self.containers) < SHARED_LIMIT and len(state) <= runner_values.SHARED_TEXT_LIMIT:
            self.containers[number] = [container, state]

    def send(self, message):
        """Adds what changed here since the other side last knew to ``message``."""
        changed = []
        for number, entry in list(self.containers.items()):
            try:
                state = runner_values.snapshot(entry[0])
                if state != entry[1]:
                    changed.append([number, self.handles.write(entry[0])])
                    entry[1] = state
            except Uncrossable:
                state = None
            if state is None or len(state) > runner_values.SHARED_TEXT_LIMIT:
                # Grown too big to compare at every message (or no longer crossable):
                # shared no more, as on the other side.
                del self.containers[number]
        if changed:
            message["shared"] = changed

    def receive(self, message):
        """Applies what changed on the other side (after the message's other values are
        read: handles are announced in the order they were written)."""
        changed, dropped = message.get("shared", []), message.get("unshared", [])
        if type(changed) is not list or type(dropped) is not list:
            raise Broken("shared containers")
        for pair in changed:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not int:
                raise Broken("a shared container")
            new = self.handles.read(pair[1])
            entry = self.containers.get(pair[0])
            if entry is not None:
                runner_values.update_in_place(entry[0], new)
                entry[1] = runner_values.snapshot(entry[0])
        for number in dropped:
            self.containers.pop(number, None)
