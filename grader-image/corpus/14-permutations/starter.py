def permutations(word):
    # TODO: the base case first, then each letter in front of the rest's permutations.
    return []
