def flatten(nested):
    flat = []
    for item in nested:
        if isinstance(item, list):
            flat.extend(item)
        else:
            flat.append(item)
    return flat


def depth(nested):
    return 1 + max((depth(item) for item in nested if isinstance(item, list)), default=0)
