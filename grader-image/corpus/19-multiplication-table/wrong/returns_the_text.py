def print_table(n):
    width = len(str(n * n))
    lines = []
    for row in range(1, n + 1):
        lines.append(" ".join(f"{row * column:>{width}}" for column in range(1, n + 1)))
    return "\n".join(lines)
