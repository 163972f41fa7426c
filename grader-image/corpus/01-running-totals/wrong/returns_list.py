def running_totals(numbers):
    totals = []
    total = 0
    for number in numbers:
        total += number
        totals.append(total)
    return totals
