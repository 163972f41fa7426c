def flatten(nested):
    pass


def depth(nested):
    pass
