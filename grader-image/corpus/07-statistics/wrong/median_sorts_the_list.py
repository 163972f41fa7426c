def mean(numbers):
    if not numbers:
        raise ValueError("mean of an empty list")
    return sum(numbers) / len(numbers)


def median(numbers):
    if not numbers:
        raise ValueError("median of an empty list")
    numbers.sort()
    middle = len(numbers) // 2
    if len(numbers) % 2 == 1:
        return numbers[middle]
    return (numbers[middle - 1] + numbers[middle]) / 2


def variance(numbers):
    if not numbers:
        raise ValueError("variance of an empty list")
    average = mean(numbers)
    return sum((number - average) ** 2 for number in numbers) / len(numbers)
