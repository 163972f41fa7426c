# Output flood while loading.
while True:
    print("x" * 1000)


def answer():
    return 42
