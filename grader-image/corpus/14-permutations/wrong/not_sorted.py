def permutations(word):
    if len(word) <= 1:
        return [word]
    found = []
    for i, letter in enumerate(word):
        for rest in permutations(word[:i] + word[i + 1 :]):
            if letter + rest not in found:
                found.append(letter + rest)
    return found
