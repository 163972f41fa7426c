def group_anagrams(words):
    groups = {}
    for word in words:
        group = groups.setdefault("".join(sorted(word.lower())), [])
        if word not in group:
            group.append(word)
    return list(groups.values())
