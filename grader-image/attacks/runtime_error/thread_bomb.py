# Thread bomb while loading: starts threads forever. New threads are refused
# ("can't start new thread"), which is uncaught: runtime_error.
import threading
import time

threads = []
while True:
    thread = threading.Thread(target=time.sleep, args=(600,), daemon=True)
    thread.start()
    threads.append(thread)


def answer():
    return 42
