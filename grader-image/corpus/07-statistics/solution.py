def _require_numbers(numbers, what):
    if not numbers:
        raise ValueError(f"{what} of an empty list")


def mean(numbers):
    _require_numbers(numbers, "mean")
    return sum(numbers) / len(numbers)


def median(numbers):
    _require_numbers(numbers, "median")
    ordered = sorted(numbers)
    middle = len(ordered) // 2
    if len(ordered) % 2 == 1:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def variance(numbers):
    _require_numbers(numbers, "variance")
    average = mean(numbers)
    return sum((number - average) ** 2 for number in numbers) / len(numbers)
