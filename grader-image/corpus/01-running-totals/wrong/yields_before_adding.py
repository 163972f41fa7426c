def running_totals(numbers):
    total = 0
    for number in numbers:
        yield total
        total += number
