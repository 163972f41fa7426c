def sum(a, b):
    return int(a) + int(b)
