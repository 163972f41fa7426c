import string


def _letters(text):
    return {char for char in text.lower() if char.isalpha()}


def common_letters(first, second):
    return sorted(_letters(first) & _letters(second))


def missing_letters(text):
    return sorted(set(string.ascii_lowercase) - _letters(text))
