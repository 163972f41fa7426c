# Exhaustion: returns more objects at once than the tests may hold (each crosses as a
# handle the tests keep while they use it). The bound stops the run: a runtime_error.
class Thing:
    pass


def answer():
    return [Thing() for _ in range(50000)]
