def fibonacci():
    current, following = 0, 1
    while True:
        yield current
        current, following = following, current + following
