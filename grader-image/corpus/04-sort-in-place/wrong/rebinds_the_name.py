def sort_in_place(numbers):
    result = []
    for value in numbers:
        i = 0
        while i < len(result) and result[i] <= value:
            i += 1
        result.insert(i, value)
    numbers = result
