# Forgery: an object whose comparisons answer with another object that is always truthy
# (so `not (a == b)` would be False), whose __bool__ is True, and whose repr is "42". A
# comparison's answer counts only when it is a real bool, and against the plain 42 the
# learner's __eq__ is never asked.
class Truthy:
    def __bool__(self):
        return True


class Liar:
    def __eq__(self, other):
        return Truthy()

    __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __eq__
    __hash__ = object.__hash__

    def __bool__(self):
        return True

    def __repr__(self):
        return "42"


def answer():
    return Liar()
