def print_table(n):
    pass
