# Forgery: returns an object that claims to equal everything (__eq__ always True, and a
# repr that is not a literal). It crosses as the learner's object, and the tests decide
# `object == 42` themselves: a learner's object never equals a plain value.
class Anything:
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = object.__hash__


def answer():
    return Anything()
