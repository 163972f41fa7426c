n = int(input())
numbers = [int(x) for x in input().split()]
total, totals = 0, []
for number in numbers:
    totals.append(total)
    total += number
print(" ".join(map(str, totals)))
