# Plain wrong answer: the control case every other tests_failed attack is compared to.
def answer():
    return 41
