# Memory bomb while loading: a 4 GiB bytearray at import time.
DATA = bytearray(4 * 1024 ** 3)


def answer():
    return 42
