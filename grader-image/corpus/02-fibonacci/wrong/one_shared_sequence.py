def _numbers():
    current, following = 0, 1
    while True:
        yield current
        current, following = following, current + following


# Made once, so every caller continues where the last one stopped.
_SEQUENCE = _numbers()


def fibonacci():
    return _SEQUENCE
