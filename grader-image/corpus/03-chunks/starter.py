def chunks(items, size):
    # TODO: yield lists of `size` items.
    pass
