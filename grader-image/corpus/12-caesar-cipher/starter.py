def encrypt(text, shift):
    pass


def decrypt(text, shift):
    pass
