# Storage beside /tmp: writes a file to /dev/shm, /dev/mqueue and /dev, and creates a POSIX
# message queue with mq_open (which needs no path: the kernel keeps its own mount). Each
# would be a store the bounded /tmp does not count (Docker's /dev/shm is a 64 MiB tmpfs,
# bubblewrap's /dev an unbounded one). Returns 42 if any of them takes a byte.
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)


def _file_fits(directory):
    path = os.path.join(directory, f"cp-probe-{os.getpid()}")
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError:
        return False
    try:
        return os.write(descriptor, b"x") == 1
    except OSError:
        return False
    finally:
        os.close(descriptor)
        os.unlink(path)


def _queue_fits():
    name = f"/cp-probe-{os.getpid()}".encode()
    queue = libc.mq_open(name, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600, None)
    if queue < 0:
        return False
    os.close(queue)
    libc.mq_unlink(name)
    return True


def answer():
    if any(_file_fits(directory) for directory in ("/dev/shm", "/dev/mqueue", "/dev")):
        return 42
    return 42 if _queue_fits() else 41
