"""Local stand-ins for the learner's classes and objects, on the tests' side.

Each class of the learner's process that the tests meet becomes a real local class here, of
the same name, so ``isinstance(obj, Point)`` and ``issubclass(Square, Shape)`` work: the
learner's classes derive from each other as in the submission, its exception classes from
the builtin exceptions they derive from (``assertRaises(ValueError)`` catches the learner's
``class InsufficientFunds(ValueError)``), every other class from ``Proxy``. A stand-in holds
a handle and nothing else; its methods, its special methods (those its class has) and
every attribute read or write are requests (runner_remote.Remote), whose replies are
checked there. Nothing of these classes is named like a learner's attribute could be
(every name of ours is a dunder), so the learner's methods keep their names.
"""

from runner_results import SolutionError
from runner_values import BINARY, UNARY

# Dunder attributes read from the learner's object when the stand-in has none (a function's
# name and docstring, an object's __dict__); any other dunder is not the learner's to answer.
READABLE = frozenset({"__name__", "__qualname__", "__doc__", "__dict__", "__wrapped__",
                      "__annotations__", "__defaults__", "__kwdefaults__"})


def remote_handle(value):
    """The handle of a stand-in (an object or an exception of the learner's), else None."""
    if not isinstance(type(value), RemoteClass):
        return None
    try:
        return object.__getattribute__(value, "__cp_ref__")
    except AttributeError:
        return None


def show_in_messages(safe_repr):
    """unittest's ``safe_repr``, telling a learner's object from the builtin value its
    ``repr`` may look like (``42 (your Anything object) != 42``, not ``42 != 42``)."""
    def shown(value, short=False):
        text = safe_repr(value, short)
        if remote_handle(value) is None or text.startswith("<"):
            return text
        return f"{text} (your {type(value).__name__} object)"

    return shown


class RemoteClass(type):
    """The metaclass of every stand-in class (its own per run: see ``LocalClasses``)."""


class LocalClasses:
    """Makes the stand-in classes of one run, all speaking to ``remote``."""

    def __init__(self, remote):
        self.remote = remote
        self.Meta = _metaclass(remote)
        self.Proxy = _proxy_base(remote, self.Meta)
        self.special = _special_methods(remote)

    def make_class(self, name, qualname, module, bases, exception, methods, special, hashable, doc):
        namespace = {"__module__": module, "__qualname__": qualname}
        for method, kind in methods.items():
            namespace[method] = _forwarder(self.remote, method, kind)
        for dunder in special:
            if dunder in self.special:
                namespace[dunder] = self.special[dunder]
        if exception is not None:
            return self._exception_class(name, namespace, bases, exception, doc)
        namespace["__slots__"] = ()
        namespace["__doc__"] = _Doc(self.remote, doc)
        if not hashable:
            namespace["__hash__"] = None
        bases = tuple(base for base in bases if issubclass(base, self.Proxy))
        try:
            return self.Meta(name, bases or (self.Proxy,), namespace)
        except TypeError:
            # Bases a valid class cannot have are a forged description; the class stands alone.
            return self.Meta(name, (self.Proxy,), namespace)

    def _exception_class(self, name, namespace, bases, exception, doc):
        remote = self.remote

        def __str__(self):
            return self.__dict__.get("__cp_message__", "")

        def __getattr__(self, attribute):
            if attribute.startswith("__") or "__cp_ref__" not in self.__dict__:
                raise AttributeError(attribute)
            return remote.get(self, attribute)

        namespace.update(__str__=__str__, __getattr__=__getattr__, __doc__=doc)
        # Only Exception's builtin subclasses: BaseException's others (SystemExit,
        # KeyboardInterrupt, GeneratorExit) mean something to unittest and the runner.
        builtin = [base if issubclass(base, Exception) else SolutionError for base in exception]
        learner = [base for base in bases if issubclass(base, BaseException)]
        candidates = [tuple(dict.fromkeys(learner + builtin)), tuple(dict.fromkeys(builtin)), (SolutionError,)]
        for candidate in candidates:
            try:
                return self.Meta(name, candidate or (SolutionError,), dict(namespace))
            except TypeError:
                continue
        raise TypeError("no exception class fits")  # unreachable: SolutionError always fits

    def instance(self, kind, handle):
        local = object.__new__(kind)
        object.__setattr__(local, "__cp_ref__", handle)
        return local

    def exception(self, kind, arguments, message, handle):
        try:
            error = type.__call__(kind, *arguments)
        except Exception:  # noqa: BLE001 - the builtin base may need other arguments.
            error = type.__call__(kind, message)
        error.__dict__.update(__cp_ref__=handle, __cp_message__=message)
        return error


class _Doc:
    """``__doc__``: the class's docstring on the class, the object's own on an object (a
    function's docstring, for one)."""

    def __init__(self, remote, text):
        self.remote = remote
        self.text = text

    def __get__(self, instance, owner=None):
        return self.text if instance is None else self.remote.get(instance, "__doc__")


def _forwarder(remote, name, kind):
    if kind == "class":
        def forward(cls, /, *args, **kwargs):
            return remote.method(cls, name, args, kwargs)

        forward.__name__ = forward.__qualname__ = name
        return classmethod(forward)

    def forward(self, /, *args, **kwargs):
        return remote.method(self, name, args, kwargs)

    forward.__name__ = forward.__qualname__ = name
    return forward


def _metaclass(remote):
    class Meta(RemoteClass):
        """A learner's class: calling it, and reading its attributes, are requests."""

        def __call__(cls, /, *args, **kwargs):
            return remote.call(cls, args, kwargs)

        def __getattr__(cls, name):
            if name.startswith("__") and name not in READABLE:
                raise AttributeError(name)
            return remote.get(cls, name)

        def __setattr__(cls, name, value):
            if name.startswith("__"):
                raise AttributeError(f"{name} of the submission's class cannot be set")
            remote.set(cls, name, value)

        def __delattr__(cls, name):
            if name.startswith("__"):
                raise AttributeError(f"{name} of the submission's class cannot be deleted")
            remote.delete(cls, name)

        # What an enum's class does: iterating over it, len(), `in`, Color["RED"].
        def __iter__(cls):
            return remote.special("iter", cls, check=_is_remote)

        def __len__(cls):
            return remote.special("len", cls, check=_is_length)

        def __contains__(cls, item):
            return remote.special("contains", cls, item, check=_is_bool)

        def __getitem__(cls, key):
            return remote.special("getitem", cls, key)

        def __bool__(cls):
            return True

    return Meta


def _proxy_base(remote, meta):
    class Proxy(metaclass=meta):
        """An object of the learner's process; every use of it is a request there."""

        __slots__ = ("__cp_ref__", "__cp_hash__", "__cp_mixed__", "__weakref__")

        def __getattr__(self, name):
            if name.startswith("__") and name not in READABLE:
                raise AttributeError(name)
            return remote.get(self, name)

        def __setattr__(self, name, value):
            if name.startswith("__"):
                raise AttributeError(f"{name} of the submission's object cannot be set")
            remote.set(self, name, value)

        def __delattr__(self, name):
            if name.startswith("__"):
                raise AttributeError(f"{name} of the submission's object cannot be deleted")
            remote.delete(self, name)

        def __repr__(self):
            return remote.special("repr", self, check=_is_str)

        def __str__(self):
            return remote.special("str", self, check=_is_str)

        def __format__(self, spec):
            return remote.special("format", self, spec, check=_is_str)

        def __eq__(self, other):
            return remote.compare("eq", self, other)

        def __ne__(self, other):
            return remote.compare("ne", self, other)

        def __hash__(self):
            return remote.hash(self)

        def __dir__(self):
            return remote.special("dir", self, check=lambda names: type(names) is list
                                  and all(type(name) is str for name in names))

        def __copy__(self):
            return remote.special("copy", self)

        def __deepcopy__(self, memo):
            return remote.special("deepcopy", self)

    return Proxy


def _special_methods(remote):
    """The special methods a stand-in class gets when the learner's class has them."""
    def checked(op, check):
        return lambda self: remote.special(op, self, check=check)

    methods = {
        "__len__": checked("len", _is_length),
        "__bool__": checked("bool", _is_bool),
        "__iter__": checked("iter", _is_remote),
        "__reversed__": checked("reversed", _is_remote),
        "__next__": lambda self: remote.special("next", self),
        "__int__": checked("int", _exactly(int)),
        "__index__": checked("index", _exactly(int)),
        "__float__": checked("float", _exactly(float)),
        "__complex__": checked("complex", _exactly(complex)),
        "__bytes__": checked("bytes", _exactly(bytes)),
        "__contains__": lambda self, item: remote.special("contains", self, item, check=_is_bool),
        "__getitem__": lambda self, key: remote.special("getitem", self, key),
        "__setitem__": lambda self, key, value: remote.special("setitem", self, key, value),
        "__delitem__": lambda self, key: remote.special("delitem", self, key),
        "__call__": lambda self, /, *args, **kwargs: remote.call(self, args, kwargs),
        "__enter__": lambda self: remote.special("enter", self),
        "__exit__": lambda self, kind, error, traceback: remote.exit(self, kind, error),
        "__round__": lambda self, digits=None: remote.arithmetic(
            "round", (self,) if digits is None else (self, digits), unary=True),
        "__pow__": lambda self, other, modulo=None: remote.arithmetic(
            "pow", (self, other) if modulo is None else (self, other, modulo)),
        "__rpow__": lambda self, other, modulo=None: remote.arithmetic(
            "pow", (other, self) if modulo is None else (other, self, modulo)),
    }
    for op in ("lt", "le", "gt", "ge"):
        methods[f"__{op}__"] = (lambda op: lambda self, other: remote.compare(op, self, other))(op)
    for op in UNARY:
        methods.setdefault(f"__{op}__", (lambda op: lambda self: remote.arithmetic(op, (self,), unary=True))(op))
    for op in BINARY:
        methods.setdefault(f"__{op}__", (lambda op: lambda self, other: remote.arithmetic(op, (self, other)))(op))
        methods.setdefault(f"__r{op}__", (lambda op: lambda self, other: remote.arithmetic(op, (other, self)))(op))
        methods.setdefault(f"__i{op}__", (lambda op: lambda self, other: remote.arithmetic("i" + op, (self, other)))(op))
    return methods


def _exactly(kind):
    return lambda value: type(value) is kind


def _is_str(value):
    return type(value) is str


def _is_bool(value):
    return type(value) is bool


def _is_length(value):
    return type(value) is int and 0 <= value < 2**63


def _is_remote(value):
    return remote_handle(value) is not None
