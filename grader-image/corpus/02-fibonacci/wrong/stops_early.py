def fibonacci():
    current, following = 0, 1
    for _ in range(100):
        yield current
        current, following = following, current + following
