# Memory bomb: grows a list of 1 MiB blocks forever inside the call, touching every page.
def answer():
    blocks = []
    while True:
        blocks.append(bytearray(b"x" * (1024 * 1024)))
