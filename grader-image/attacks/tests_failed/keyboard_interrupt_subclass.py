# Forgery: raises a subclass of KeyboardInterrupt inside the tested call, which unittest
# does not catch: escaping the tests would end the runner with an `error` (graded again,
# not failed). Only Exception's builtin subclasses cross as such; this is a failed test.
class Interrupted(KeyboardInterrupt):
    pass


def answer():
    raise Interrupted()
