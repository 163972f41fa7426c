def running_totals(numbers):
    total = 0
    for number in numbers:
        total += number
        yield total
