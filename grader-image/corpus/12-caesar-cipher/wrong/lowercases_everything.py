import string


def encrypt(text, shift):
    letters = string.ascii_lowercase
    result = ""
    for char in text.lower():
        if char in letters:
            result += letters[(letters.index(char) + shift) % 26]
        else:
            result += char
    return result


def decrypt(text, shift):
    return encrypt(text, -shift)
