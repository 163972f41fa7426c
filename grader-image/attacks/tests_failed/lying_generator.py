# Forgery: returns a generator (an object of the learner's that crosses as a handle) that
# yields objects equal to everything, hoping the tests iterate it or compare it as a
# sequence. A generator is not 42, and neither is anything it yields.
class Anything:
    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


def answer():
    while True:
        yield Anything()
