def common_letters(first, second):
    return set()


def missing_letters(text):
    return set()
