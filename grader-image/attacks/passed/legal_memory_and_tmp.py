# Legal use of the sandbox's resources: 32 MiB of memory and a small scratch file in the
# working directory (the writable /tmp). Must pass.
import os


def answer():
    block = bytearray(32 * 1024 * 1024)
    path = os.path.join(os.getcwd(), "scratch.txt")
    with open(path, "w") as file:
        file.write("42")
    with open(path) as file:
        value = int(file.read())
    return value if len(block) == 32 * 1024 * 1024 else 0
