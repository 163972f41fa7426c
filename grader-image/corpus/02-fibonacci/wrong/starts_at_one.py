def fibonacci():
    current, following = 1, 1
    while True:
        yield current
        current, following = following, current + following
