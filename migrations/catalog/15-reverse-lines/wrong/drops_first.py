import sys

lines = sys.stdin.read().splitlines()
for line in reversed(lines[1:]):
    print(line)
