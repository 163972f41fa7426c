def _shift_letter(char, shift):
    if char.isalpha():
        return chr(ord(char) + shift)
    return char


def encrypt(text, shift):
    return "".join(_shift_letter(char, shift) for char in text)


def decrypt(text, shift):
    return encrypt(text, -shift)
