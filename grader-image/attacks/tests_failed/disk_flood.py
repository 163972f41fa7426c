# Disk flood: fills the writable directory with 1 MiB files until the disk is full and
# catches the error. Returns 42 only if 256 MiB fit, i.e. if writable space is unbounded.
import os


def answer():
    chunk = b"x" * (1024 * 1024)
    for index in range(256):
        try:
            with open(os.path.join(os.getcwd(), f"flood-{index}"), "wb") as file:
                file.write(chunk)
        except OSError:
            return 41
    return 42
