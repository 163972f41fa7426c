def sort_in_place(numbers):
    return sorted(numbers)
