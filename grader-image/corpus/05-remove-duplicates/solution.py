def remove_duplicates(items):
    seen = set()
    kept = []
    for item in items:
        if item not in seen:
            seen.add(item)
            kept.append(item)
    removed = len(items) - len(kept)
    items[:] = kept
    return removed
