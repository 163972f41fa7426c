def word_count(text):
    counts = {}
    # TODO: split text into lower-case words and count each one.
    return counts
