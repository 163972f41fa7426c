def fibonacci():
    # TODO: yield 0, 1, 1, 2, 3, 5, ... forever.
    pass
