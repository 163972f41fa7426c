def running_totals(numbers):
    # TODO: yield the sum so far after each number.
    pass
