def remove_duplicates(items):
    # TODO: change `items` itself and return how many elements were removed.
    return 0
