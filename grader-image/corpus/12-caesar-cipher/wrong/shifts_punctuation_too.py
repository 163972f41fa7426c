import string


def encrypt(text, shift):
    result = ""
    for char in text:
        if char in string.ascii_uppercase:
            result += chr((ord(char) - ord("A") + shift) % 26 + ord("A"))
        elif char in string.ascii_lowercase:
            result += chr((ord(char) - ord("a") + shift) % 26 + ord("a"))
        else:
            result += chr(ord(char) + shift % 26)
    return result


def decrypt(text, shift):
    return encrypt(text, -shift)
