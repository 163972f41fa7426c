def invert(mapping):
    inverted = {}
    while mapping:
        key, value = mapping.popitem()
        inverted.setdefault(value, []).append(key)
    for keys in inverted.values():
        keys.sort()
    return inverted
