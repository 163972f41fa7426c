def mean(numbers):
    pass


def median(numbers):
    pass


def variance(numbers):
    pass
