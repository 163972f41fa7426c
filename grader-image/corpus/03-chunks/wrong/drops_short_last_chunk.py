def chunks(items, size):
    if size < 1:
        raise ValueError("size must be at least 1")
    for start in range(0, len(items) - size + 1, size):
        yield items[start : start + size]
