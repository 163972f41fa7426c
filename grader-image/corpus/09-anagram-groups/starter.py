def group_anagrams(words):
    # TODO: return a list of lists of words.
    return []
