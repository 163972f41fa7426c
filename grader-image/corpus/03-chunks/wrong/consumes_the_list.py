def chunks(items, size):
    if size < 1:
        raise ValueError("size must be at least 1")
    while items:
        yield items[:size]
        del items[:size]
