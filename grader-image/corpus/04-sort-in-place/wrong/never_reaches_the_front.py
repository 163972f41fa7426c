def sort_in_place(numbers):
    for i in range(1, len(numbers)):
        value = numbers[i]
        j = i - 1
        while j > 0 and numbers[j] > value:
            numbers[j + 1] = numbers[j]
            j -= 1
        numbers[j + 1] = value
