# Honest: the baseline that must pass, and the "next submission" after every attack.
def answer():
    return 42
