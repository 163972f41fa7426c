# Hard links (an isolate-era trick): links files of the system and of the runner into the
# writable /tmp, hoping to write through the link or to keep a host file alive and
# reachable. /tmp is a file system of its own, so every link fails with EXDEV; also tries
# linkat through /proc/self/fd of an open host file. Returns 42 if any link is made.
import os

SOURCES = ["/etc/passwd", "/opt/runner/runner.py", "/usr/bin/python3", "/etc/hostname",
           "/proc/self/exe"]


def answer():
    for index, source in enumerate(SOURCES):
        try:
            os.link(source, f"link-{index}", follow_symlinks=False)
            return 42
        except OSError:
            pass
    try:
        descriptor = os.open("/etc/passwd", os.O_RDONLY)
        os.link(f"/proc/self/fd/{descriptor}", "link-fd", follow_symlinks=True)
        return 42
    except OSError:
        pass
    return 41
