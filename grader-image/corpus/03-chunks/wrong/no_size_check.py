def chunks(items, size):
    start = 0
    while start < len(items) and size > 0:
        yield items[start : start + size]
        start += size
