def remove_duplicates(items):
    kept = []
    for item in items:
        if item not in kept:
            kept.append(item)
    removed = len(items) - len(kept)
    items = kept
    return removed
