def invert(mapping):
    # TODO: value -> sorted list of keys.
    return {}
