def binary_search(items, target):
    pass
