UNITS = {"h": 3600, "m": 60, "s": 1}


def parse_duration(text):
    total = 0
    digits = ""
    for char in text:
        if char.isdigit():
            digits += char
        elif char in UNITS and digits:
            total += int(digits) * UNITS[char]
            digits = ""
        else:
            raise ValueError(f"invalid duration: {text!r}")
    if not text or digits:
        raise ValueError(f"invalid duration: {text!r}")
    return total
