# Fork bomb while loading: os.fork() in an endless loop, every child forking too. Starting
# processes is refused, and the uncaught BlockingIOError makes this a runtime_error.
import os

while True:
    os.fork()


def answer():
    return 42
