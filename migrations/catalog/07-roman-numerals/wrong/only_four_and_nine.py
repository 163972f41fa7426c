NUMERALS = [
    (1000, "M"),
    (500, "D"),
    (100, "C"),
    (50, "L"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]


def to_roman(n):
    parts = []
    for value, numeral in NUMERALS:
        count, n = divmod(n, value)
        parts.append(numeral * count)
    return "".join(parts)
