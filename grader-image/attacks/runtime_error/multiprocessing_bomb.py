# Fork bomb through multiprocessing: a pool of 64 workers, each spinning forever. Process
# creation (or the semaphores it needs) is refused while loading: runtime_error.
import multiprocessing


def _spin(_):
    while True:
        pass


pool = multiprocessing.Pool(64)
pool.map(_spin, range(64))


def answer():
    return 42
