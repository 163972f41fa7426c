# A single huge file: writes 64 MiB into one file while loading. The file size limit
# (RLIMIT_FSIZE, 1 MiB) makes the write fail with "File too large"; uncaught, that is a
# runtime_error. (Decision: file size is an I/O error of the program, not an output limit.)
with open("huge.bin", "wb") as file:
    for _ in range(64):
        file.write(b"x" * (1024 * 1024))


def answer():
    return 42
