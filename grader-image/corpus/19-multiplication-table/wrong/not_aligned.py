def print_table(n):
    for row in range(1, n + 1):
        print(*(row * column for column in range(1, n + 1)))
