# Memory bomb by doubling a string inside the call until it no longer fits.
def answer():
    text = "x"
    while True:
        text += text
