def encode(text):
    runs = []
    if not text:
        return runs
    current, count = text[0], 0
    for char in text:
        if char == current:
            count += 1
        else:
            runs.append((current, count))
            current, count = char, 1
    return runs


def decode(runs):
    return "".join(char * count for char, count in runs)
