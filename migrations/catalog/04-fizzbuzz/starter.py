def fizzbuzz(n):
    result = []
    # TODO: add one string for each number from 1 to n.
    return result
