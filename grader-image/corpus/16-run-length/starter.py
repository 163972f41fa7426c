def encode(text):
    return []


def decode(runs):
    return ""
