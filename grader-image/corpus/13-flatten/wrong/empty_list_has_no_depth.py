def flatten(nested):
    flat = []
    for item in nested:
        if isinstance(item, list):
            flat += flatten(item)
        else:
            flat.append(item)
    return flat


def depth(nested):
    if not nested:
        return 0
    return 1 + max(depth(item) if isinstance(item, list) else 0 for item in nested)
