# Output flood: prints forever inside the call.
def answer():
    while True:
        print("flood " * 100)
