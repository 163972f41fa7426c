# Recursion bomb with the guard removed: sys.setrecursionlimit(10**8) and unbounded
# recursion through __call__ (which, unlike plain Python calls, uses the C stack) while
# loading. The C stack overflows and the interpreter dies with SIGSEGV: runtime_error.
import sys

sys.setrecursionlimit(10 ** 8)


class Deep:
    def __call__(self, depth):
        return self(depth + 1) + 1


Deep()(0)


def answer():
    return 42
