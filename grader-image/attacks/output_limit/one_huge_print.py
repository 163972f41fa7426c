# One single print of 10 MB (no loop), then the right answer: the output cap still applies.
def answer():
    print("z" * 10_000_000)
    return 42
