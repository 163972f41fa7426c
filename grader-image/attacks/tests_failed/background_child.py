# Processes that outlive the run: a double fork with setsid (a daemon whose process name is
# "cp-attack-bg", sleeping ten minutes) and a daemon thread. Starting processes or threads
# is refused (an OSError/RuntimeError it catches); the suite also checks that no process
# named cp-attack-bg is alive after the run. The answer is wrong either way.
import ctypes
import os
import threading
import time


def _name_me():
    ctypes.CDLL(None).prctl(15, b"cp-attack-bg", 0, 0, 0)


def _daemon():
    try:
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                _name_me()
                time.sleep(600)
            os._exit(0)
    except OSError:
        pass
    try:
        threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
    except RuntimeError:
        pass


_daemon()


def answer():
    _daemon()
    return 41
