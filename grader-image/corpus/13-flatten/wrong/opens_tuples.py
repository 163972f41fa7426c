def flatten(nested):
    flat = []
    for item in nested:
        if isinstance(item, (list, tuple)):
            flat.extend(flatten(item))
        else:
            flat.append(item)
    return flat


def depth(nested):
    if not isinstance(nested, (list, tuple)):
        return 0
    return 1 + max((depth(item) for item in nested), default=0)
