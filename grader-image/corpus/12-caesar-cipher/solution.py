import string


def _shift_letter(char, shift):
    for alphabet in (string.ascii_lowercase, string.ascii_uppercase):
        if char in alphabet:
            return alphabet[(alphabet.index(char) + shift) % 26]
    return char


def encrypt(text, shift):
    return "".join(_shift_letter(char, shift) for char in text)


def decrypt(text, shift):
    return encrypt(text, -shift)
