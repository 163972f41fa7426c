def print_table(n):
    width = len(str(n * n))
    for row in range(1, n + 1):
        print(" ".join(f"{row * column:>{width}}" for column in range(1, n + 1)))
