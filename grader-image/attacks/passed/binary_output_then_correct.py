# Prints every byte value (NUL and invalid UTF-8 included) 200 times, under the output cap,
# then answers correctly. The output reaches the feedback as valid text and the pass stands.
import sys

sys.stdout.buffer.write(bytes(range(256)) * 200)
sys.stdout.flush()


def answer():
    print("\x00\ud800 inside the call")
    return 42
