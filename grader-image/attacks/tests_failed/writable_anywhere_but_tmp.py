# Only /tmp is writable: walks the whole filesystem (not /proc, /sys or /tmp itself) and
# tries to create a file in every directory, which finds any writable place a list of
# known ones would miss (a tmpfs under /dev or /run, a forgotten volume). Returns 42 if a
# file could be created anywhere; removes it again.
import os

SKIP = ("/proc", "/sys", "/tmp")


def _creatable(directory):
    path = os.path.join(directory, f".cp-probe-{os.getpid()}")
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError:
        return False
    os.unlink(path)
    return True


def answer():
    for directory, subdirectories, _ in os.walk("/", onerror=lambda error: None):
        subdirectories[:] = [name for name in subdirectories
                             if not os.path.join(directory, name).startswith(SKIP)]
        if _creatable(directory):
            return 42
    return 41
