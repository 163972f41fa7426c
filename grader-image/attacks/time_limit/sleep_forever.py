# Sleeps forever inside the call, using no CPU (so a CPU-time limit alone never fires):
# the wall-clock limit stops it. Its process is named "cp-attack-sleep" so the suite can
# check it is dead afterwards.
import ctypes
import time

ctypes.CDLL(None).prctl(15, b"cp-attack-sleep", 0, 0, 0)


def answer():
    time.sleep(10 ** 6)
    return 42
