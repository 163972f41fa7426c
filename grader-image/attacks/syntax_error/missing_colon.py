# A plain syntax error: a missing colon.
def answer()
    return 42
