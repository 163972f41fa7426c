n = int(input())
numbers = [int(x) for x in input().split()] if n else []
total, totals = 0, []
for number in numbers:
    total += number
    totals.append(total)
print(" ".join(map(str, totals)))
