# Legal but loud: prints 60 KiB, just under the default 64 KiB output cap, half while
# loading and half during the call. Must still pass.
for _ in range(30):
    print("x" * 1023)


def answer():
    for _ in range(30):
        print("y" * 1023)
    return 42
