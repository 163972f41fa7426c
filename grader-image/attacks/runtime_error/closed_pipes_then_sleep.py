# Closes both pipes to the tests while the module loads, then lingers. The connection is
# broken: a runtime_error as soon as the program is seen to hold on, not a time_limit.
import os
import sys
import time

for position in (1, 2):
    if len(sys.argv) > position and sys.argv[position].isdigit():
        try:
            os.close(int(sys.argv[position]))
        except OSError:
            pass
time.sleep(3600)


def answer():
    return 42
