# Memory bomb: one huge list (10**9 references, 8 GB) inside the call.
def answer():
    return len([0] * 10 ** 9)
