# Infinite loop inside the call (a busy CPU loop): stopped at the time limit.
def answer():
    while True:
        pass
