"""The one format values take on the pipes between the tests and the learner's process.

Both sides import this module (each its own copy, in its own process). A value is a JSON
object whose first key is its tag:

* ``{"j": value}``: None, a bool, an int, a finite float, a string, or a list or a dict
  with string keys of those, as JSON holds them (the fast way, and what most values are).
* ``{"l": text}``: a plain literal, the ``repr`` of None, a bool, an int, a finite float or
  complex number, a string, bytes or ``...``, or of a list, tuple, dict or non-empty set of
  plain literals; read back with ``ast.literal_eval``, so it can only ever be such a value.
* ``{"int": hex}``: an int too long for ``repr`` (Python limits decimal conversions).
  ``{"float": "nan"|"inf"|"-inf"}``, ``{"complex": [V, V]}``.
* ``{"list": [V...]}``, ``{"tuple": [V...]}``, ``{"set": [V...]}``, ``{"frozenset": [V...]}``,
  ``{"dict": [[V, V]...]}``: containers holding something that is not a plain literal.
* ``{"bytearray": text}`` (text as in ``"l"``, of bytes), ``{"range": [start, stop, step]}``,
  ``{"slice": [V, V, V]}``.
* ``{"decimal": text}``, ``{"fraction": [numerator, denominator]}``, ``{"datetime": iso}``,
  ``{"date": iso}``, ``{"time": iso}``, ``{"timedelta": [days, seconds, microseconds]}``:
  the standard library's value types, made again on the reading side (``STANDARD``).
* ``{"builtin": name}``: a builtin function or class of ``BUILTINS``, which behaves the same
  on both sides and runs no code of the other side, so each side uses its own.
* Anything else is a tag of the side that owns it (handles of the learner's objects and
  classes, exceptions; see runner_remote.py), read and written through the ``other``
  functions this module is given.

Subclasses of builtin values are written as their builtin base (an int subclass as the int
it holds, an OrderedDict as a dict), read without the subclass's code, so what arrives is
always of an exact builtin type. Values nested deeper than ``DEPTH_LIMIT``, and containers
that contain themselves, do not cross; aliasing inside a value is not kept (each place gets
its own copy).
"""

import ast
import builtins
import importlib
import json
import math
import sys

DEPTH_LIMIT = 100
# Ints up to this many bits are written as decimal literals; Python refuses to convert ints
# of more than 4300 digits (about 14284 bits) to and from decimal text.
DECIMAL_BITS = 14000
# Builtins that cross by name. Not here: what reads or changes another object's attributes
# or namespace, runs code or opens files (getattr, vars, eval, open, type, super...), which
# would let a submission reach into the tests' objects if the tests called them.
BUILTINS = frozenset(
    "abs all any ascii bin bool bytearray bytes callable chr complex dict divmod enumerate "
    "filter float format frozenset hash hex id int isinstance issubclass iter len list map max "
    "min next object oct ord pow print range repr reversed round set slice sorted str sum "
    "tuple zip".split()
    + [name for name, value in vars(builtins).items()
       if isinstance(value, type) and issubclass(value, Exception)]
)
_BUILTIN_NAMES = {id(getattr(builtins, name)): name for name in BUILTINS}
_TEXTS = frozenset({type(None), bool, str})
_INTEGERS = frozenset({int, bool})
_JSON_KINDS = frozenset({type(None), bool, str, int, float})
# Values whose identity nothing can tell apart from an equal copy's.
_IMMUTABLE = frozenset({type(None), bool, int, float, complex, str, bytes, range})
_CONTAINERS = (list, tuple, set, frozenset, dict)


class Broken(Exception):
    """A value that does not follow this format: a side that speaks it never sends one."""


class Uncrossable(TypeError):
    """A value this side cannot send (too deep, containing itself, or of an unknown kind)."""


def builtin_name(value):
    """The name ``value`` crosses under when it is one of ``BUILTINS``, else None."""
    name = _BUILTIN_NAMES.get(id(value))
    return name if name is not None and getattr(builtins, name) is value else None


def write(value, other, depth=0, active=None):
    """``value`` as the JSON-ready tagged object; ``other(value, depth)`` writes what is
    neither a builtin value nor a builtin (or raises ``Uncrossable``)."""
    if depth > DEPTH_LIMIT:
        raise Uncrossable("a value nested too deeply to cross")
    kind = type(value)
    if _json_scalar(value, kind):
        return {"j": value}
    if kind is bytes or value is Ellipsis:
        return {"l": repr(value)}
    if kind is int:
        return {"int": hex(value)}
    if kind is float:
        return {"float": repr(value)}
    if kind is complex:
        if math.isfinite(value.real) and math.isfinite(value.imag):
            return {"l": repr(value)}
        return {"complex": [write(value.real, other, depth + 1), write(value.imag, other, depth + 1)]}
    name = builtin_name(value)
    if name is not None:
        return {"builtin": name}
    exact = _exact(value)
    if exact is not None:
        return write(exact, other, depth, active)
    if _one_of(kind, _CONTAINERS):
        active = active or set()
        if id(value) in active:
            raise Uncrossable("a value that contains itself cannot cross")
        active.add(id(value))
        try:
            return _container(value, kind, other, depth, active)
        finally:
            active.discard(id(value))
    if kind is bytearray:
        return {"bytearray": repr(bytes(value))}
    if kind is range:
        return {"range": [value.start, value.stop, value.step]}
    if kind is slice:
        return {"slice": [write(part, other, depth + 1, active) for part in (value.start, value.stop, value.step)]}
    return _standard(value, kind) or other(value, depth)


def _standard(value, kind):
    """A value of the standard library's value types (decimal, fractions, datetime), which
    each side makes itself from its text; None for anything else. A module not imported
    yet has no values here, so nothing is imported to look."""
    for tag, (module_name, class_name, text_of, _) in STANDARD.items():
        module = sys.modules.get(module_name)
        base = getattr(module, class_name, None) if module is not None else None
        if isinstance(base, type) and issubclass(kind, base):
            return {tag: text_of(base, value)}
    return None


def _json_scalar(value, kind):
    """Whether ``value`` is a scalar JSON holds exactly (as what json.loads gives back)."""
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return value.bit_length() <= DECIMAL_BITS
    return kind is float and math.isfinite(value)


def _json_list(value):
    """Whether the list ``value`` holds only scalars JSON holds exactly; the common cases
    (strings, ints) are checked without a loop in Python."""
    kinds = set(map(type, value))
    if kinds <= _TEXTS:
        return True
    if kinds <= _INTEGERS:
        return max(map(abs, value)).bit_length() <= DECIMAL_BITS
    return kinds <= _JSON_KINDS and all(_json_scalar(item, type(item)) for item in value)


def _one_of(kind, kinds):
    # Identity, not ``in``: a class's metaclass could make it compare equal to any type.
    return any(kind is each for each in kinds)


def _exact(value):
    """A builtin subclass's value as its exact builtin base, read without the subclass's code."""
    kind = type(value)
    for base, convert in _BASES:
        if kind is not base and issubclass(kind, base):
            return convert(value)
    return None


_BASES = (
    (int, int.__int__),
    (float, float.__float__),
    (complex, lambda value: complex(complex.real.__get__(value), complex.imag.__get__(value))),
    (str, str.__str__),
    (bytes, bytes.__bytes__),
    (bytearray, lambda value: bytearray(bytearray.__iter__(value))),
    (list, lambda value: list(list.__iter__(value))),
    (tuple, lambda value: tuple(tuple.__iter__(value))),
    (dict, lambda value: dict(dict.items(value))),
    (set, lambda value: set(set.__iter__(value))),
    (frozenset, lambda value: frozenset(frozenset.__iter__(value))),
)


def _container(value, kind, other, depth, active):
    if kind is list and _json_list(value):
        return {"j": value}

    def each(items):
        return [write(item, other, depth + 1, active) for item in items]

    if kind is dict:
        pairs = [each(pair) for pair in value.items()]
        if all("j" in key and type(key["j"]) is str and "j" in item for key, item in pairs):
            return {"j": {key["j"]: item["j"] for key, item in pairs}}
        if all(_plain(key) and _plain(item) for key, item in pairs):
            return {"l": "{" + ", ".join(f"{_text(key)}: {_text(item)}" for key, item in pairs) + "}"}
        return {"dict": pairs}
    items = each(value)
    if kind is list and all("j" in item for item in items):
        return {"j": [item["j"] for item in items]}
    if kind is frozenset or not all(_plain(item) for item in items) or (kind is set and not items):
        return {kind.__name__: items}
    texts = [_text(item) for item in items]
    if kind is list:
        return {"l": "[" + ", ".join(texts) + "]"}
    if kind is set:
        return {"l": "{" + ", ".join(texts) + "}"}
    return {"l": "(" + ", ".join(texts) + (",)" if len(texts) == 1 else ")")}


def _plain(written):
    """Whether a written value is a literal: ``{"l": text}`` or ``{"j": value}``."""
    return len(written) == 1 and ("l" in written or "j" in written)


def _text(written):
    # The repr of what JSON holds (exact lists, str-keyed dicts, scalars) is a literal.
    return written["l"] if "l" in written else repr(written["j"])


# The largest container (as a snapshot's text) both sides keep shared: comparing each
# shared container's state costs every message, so a bigger one is no longer shared (its
# last change is still sent).
SHARED_TEXT_LIMIT = 8 * 1024


def snapshot(value):
    """A text of ``value``'s state that changes exactly when what would be written changes:
    objects that are not builtin values by identity, so nothing gets a handle or a number."""
    return json.dumps(write(value, lambda other, depth: {"id": id(other)}))


def update_in_place(old, new, depth=0):
    """Makes ``old`` hold what ``new`` holds (``new``: the value ``old`` became on the other
    side), changing lists, dicts, sets and bytearrays in place, down to those inside
    tuples, so every reference to them sees the change."""
    if depth > DEPTH_LIMIT:
        return
    if isinstance(old, list) and type(new) is list:
        if set(map(type, old)) <= _IMMUTABLE:
            old[:] = new
            return
        for index in range(min(len(old), len(new))):
            if _became(old[index], new[index]):
                update_in_place(old[index], new[index], depth + 1)
            else:
                old[index] = new[index]
        del old[len(new):]
        old.extend(new[len(old):])
    elif isinstance(old, dict) and type(new) is dict:
        if set(map(type, old.values())) <= _IMMUTABLE:
            old.clear()
            old.update(new)
            return
        for key in [key for key in old if key not in new]:
            del old[key]
        for key, value in new.items():
            if key in old and _became(old[key], value):
                update_in_place(old[key], value, depth + 1)
            else:
                old[key] = value
    elif isinstance(old, set) and type(new) is set:
        old.clear()
        old.update(new)
    elif isinstance(old, bytearray) and type(new) is bytearray:
        old[:] = new
    elif isinstance(old, tuple) and _became(old, new):
        for before, after in zip(old, new):
            update_in_place(before, after, depth + 1)


def _became(old, new):
    """Whether ``new`` is ``old`` changed (not another value put in its place): a container
    of the same kind, or a tuple whose every item is the same or became its counterpart."""
    for kind in (list, dict, set, bytearray):
        if isinstance(old, kind):
            return type(new) is kind
    if isinstance(old, tuple) and type(new) is tuple and len(old) == len(new):
        return all(_became(before, after) or _same(before, after) for before, after in zip(old, new))
    return False


def _same(old, new):
    # Only plain values are compared: == on anything else would run someone's code.
    return old is new or (type(old) is type(new) and _one_of(type(old), _PLAIN) and old == new)


_PLAIN = (type(None), bool, int, float, complex, str, bytes)


def read(value, other, depth=0):
    """The value ``write`` wrote (checked: anything malformed raises ``Broken``);
    ``other(tag, value, depth)`` reads the tags this module does not know."""
    if type(value) is not dict or not value or depth > DEPTH_LIMIT:
        raise Broken("not a value")
    tag = next(iter(value))
    body = value[tag]
    if tag == "j":
        # Parsed from JSON moments ago: only ever None, bools, ints, floats, strings, lists
        # and dicts with string keys, all of the exact builtin types.
        return body
    if tag == "l":
        return _literal(body)
    if tag == "builtin":
        if type(body) is not str or body not in BUILTINS:
            raise Broken("not a shared builtin")
        return getattr(builtins, body)
    reader = _READERS.get(tag)
    if reader is None:
        return other(tag, value, depth)
    return reader(body, other, depth + 1)


def _literal(text):
    if type(text) is not str:
        raise Broken("a literal that is not text")
    try:
        return ast.literal_eval(text)
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - malformed or too deep alike: not this format.
        raise Broken("not a literal") from None


def _items(body, other, depth):
    if type(body) is not list:
        raise Broken("not a list of values")
    return [read(item, other, depth) for item in body]


def _int(body, other, depth):
    if type(body) is not str or not body.lstrip("-").startswith("0x"):
        raise Broken("not a hexadecimal int")
    try:
        return int(body, 16)
    except ValueError:
        raise Broken("not a hexadecimal int") from None


def _float(body, other, depth):
    if body not in ("nan", "inf", "-inf"):
        raise Broken("not a float that has no literal")
    return float(body)


def _complex(body, other, depth):
    parts = _items(body, other, depth)
    if len(parts) != 2 or any(type(part) is not float for part in parts):
        raise Broken("not a complex number")
    return complex(*parts)


def _dict(body, other, depth):
    if type(body) is not list or any(type(pair) is not list or len(pair) != 2 for pair in body):
        raise Broken("not a list of pairs")
    return {read(key, other, depth): read(item, other, depth) for key, item in body}


def _bytearray(body, other, depth):
    data = _literal(body)
    if type(data) is not bytes:
        raise Broken("not bytes")
    return bytearray(data)


def _range(body, other, depth):
    if type(body) is not list or len(body) != 3 or any(type(part) is not int for part in body) or body[2] == 0:
        raise Broken("not a range")
    return range(*body)


def _slice(body, other, depth):
    parts = _items(body, other, depth)
    if len(parts) != 3:
        raise Broken("not a slice")
    return slice(*parts)


def _standard_reader(tag):
    module_name, class_name, _, make = STANDARD[tag]

    def read_standard(body, other, depth):
        kind = getattr(importlib.import_module(module_name), class_name)
        try:
            return make(kind, body)
        except (TypeError, ValueError, ArithmeticError):
            raise Broken(f"not a {tag}") from None

    return read_standard


def _from_text(kind, text):
    if type(text) is not str or len(text) > 1000:
        raise ValueError("not a text")
    return kind(text) if kind.__name__ == "Decimal" else kind.fromisoformat(text)


def _from_ints(count):
    def make(kind, numbers):
        if type(numbers) is not list or len(numbers) != count or any(type(n) is not int for n in numbers):
            raise ValueError("not ints")
        return kind(*numbers)

    return make


# The standard library's value types: the tag, where the class is, its text (read through
# the class itself, so a subclass's code never runs) and how it is made from that text.
# datetime before date: a datetime is a date too.
STANDARD = {
    "decimal": ("decimal", "Decimal", lambda base, value: base.__str__(value), _from_text),
    "fraction": ("fractions", "Fraction",
                 lambda base, value: [base.numerator.fget(value), base.denominator.fget(value)], _from_ints(2)),
    "datetime": ("datetime", "datetime", lambda base, value: base.isoformat(value), _from_text),
    "date": ("datetime", "date", lambda base, value: base.isoformat(value), _from_text),
    "time": ("datetime", "time", lambda base, value: base.isoformat(value), _from_text),
    "timedelta": ("datetime", "timedelta",
                  lambda base, value: [base.days.__get__(value), base.seconds.__get__(value),
                                       base.microseconds.__get__(value)], _from_ints(3)),
}

_READERS = {
    "int": _int,
    "float": _float,
    "complex": _complex,
    "list": _items,
    "tuple": lambda body, other, depth: tuple(_items(body, other, depth)),
    "set": lambda body, other, depth: set(_items(body, other, depth)),
    "frozenset": lambda body, other, depth: frozenset(_items(body, other, depth)),
    "dict": _dict,
    "bytearray": _bytearray,
    "range": _range,
    "slice": _slice,
}
_READERS.update({tag: _standard_reader(tag) for tag in STANDARD})


# The special methods a learner's class may have, each with the operation the other side
# performs for it (``"add"`` is ``a + b`` there; a reflected method sends its operands
# swapped). The tests' stand-in of a class gets exactly the ones the class has.
BINARY = ("add", "sub", "mul", "matmul", "truediv", "floordiv", "mod", "divmod", "pow",
          "lshift", "rshift", "and", "xor", "or")
UNARY = ("neg", "pos", "abs", "invert", "round", "trunc", "floor", "ceil")
SPECIAL = {f"__{name}__": name for name in (
    "len", "iter", "next", "reversed", "bool", "contains", "getitem", "setitem", "delitem",
    "call", "int", "float", "complex", "index", "bytes", "lt", "le", "gt", "ge", "enter",
    "exit") + UNARY}
for _name in BINARY:
    SPECIAL[f"__{_name}__"] = SPECIAL[f"__r{_name}__"] = _name
    if _name != "divmod":
        SPECIAL[f"__i{_name}__"] = "i" + _name
del _name
