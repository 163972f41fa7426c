# Output flood on stderr, written straight to file descriptor 2 while loading.
import os

while True:
    os.write(2, b"e" * 4096)


def answer():
    return 42
