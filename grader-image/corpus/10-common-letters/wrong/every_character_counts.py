import string


def common_letters(first, second):
    return set(first.lower()) & set(second.lower())


def missing_letters(text):
    return set(string.ascii_lowercase) - set(text.lower())
