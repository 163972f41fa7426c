import re


def word_count(text):
    counts = {}
    for word in re.findall(r"[^\W_]+(?:'[^\W_]+)*", text):
        counts[word] = counts.get(word, 0) + 1
    return counts
