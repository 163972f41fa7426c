import sys

lines = sys.stdin.read().splitlines()
# Print the lines, last one first.
