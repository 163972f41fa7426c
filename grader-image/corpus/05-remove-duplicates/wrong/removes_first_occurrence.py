def remove_duplicates(items):
    removed = 0
    for item in items:
        while items.count(item) > 1:
            items.remove(item)
            removed += 1
    return removed
