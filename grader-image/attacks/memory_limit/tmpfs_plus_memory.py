# Memory through the back door: fills the tmpfs /tmp (whose pages count against the
# sandbox's memory) and then allocates until it fails, so the sandbox's own memory limit,
# not only the learner's process limit, is pressed. Whichever stops it, the verdict is
# memory_limit and the grader stays healthy.
import os

for index in range(15):
    try:
        with open(os.path.join(os.getcwd(), f"fill-{index}"), "wb") as file:
            file.write(b"f" * (1024 * 1024))
    except OSError:
        break


def answer():
    blocks = []
    while True:
        blocks.append(b"m" * (1024 * 1024))
