n = int(input())
# Read the numbers and print their running totals.
