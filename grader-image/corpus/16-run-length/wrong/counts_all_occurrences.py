def encode(text):
    counts = {}
    for char in text:
        counts[char] = counts.get(char, 0) + 1
    return list(counts.items())


def decode(runs):
    return "".join(char * count for char, count in runs)
