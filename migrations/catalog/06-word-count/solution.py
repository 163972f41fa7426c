import re

# A word is a run of letters and digits, optionally joined to more of them by apostrophes.
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def word_count(text):
    counts = {}
    for word in WORD.findall(text.lower()):
        counts[word] = counts.get(word, 0) + 1
    return counts
