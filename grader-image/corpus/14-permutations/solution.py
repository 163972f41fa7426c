def permutations(word):
    if len(word) <= 1:
        return [word]
    found = set()
    for i, letter in enumerate(word):
        for rest in permutations(word[:i] + word[i + 1 :]):
            found.add(letter + rest)
    return sorted(found)
