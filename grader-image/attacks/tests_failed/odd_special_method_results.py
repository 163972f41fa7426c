# Robustness: an object whose special methods answer with what Python forbids or cannot
# hold: __str__, __repr__ and __format__ return an int, __hash__ a huge int, __len__ more
# than fits, __eq__ raises, __getattr__ recurses forever. Showing it in the failure message
# must neither pass the test nor break the runner.
class Odd:
    def __str__(self):
        return 42

    __repr__ = __str__

    def __format__(self, spec):
        return 42

    def __hash__(self):
        return 10 ** 100

    def __len__(self):
        return 10 ** 30

    def __eq__(self, other):
        raise RuntimeError("no comparing")

    def __getattr__(self, name):
        return getattr(self, name + "x")


def answer():
    return {Odd(): [Odd()]}
