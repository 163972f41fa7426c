def print_table(n):
    width = len(str(n * n))
    for row in range(n):
        print(" ".join(f"{row * column:>{width}}" for column in range(n)))
