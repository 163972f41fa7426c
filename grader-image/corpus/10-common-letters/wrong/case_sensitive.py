import string


def _letters(text):
    return {char for char in text if char.isalpha()}


def common_letters(first, second):
    return _letters(first) & _letters(second)


def missing_letters(text):
    return set(string.ascii_lowercase) - _letters(text)
