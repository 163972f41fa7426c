def remove_duplicates(items):
    unique = sorted(set(items))
    removed = len(items) - len(unique)
    items[:] = unique
    return removed
