# /proc/<pid>/fd (an isolate-era trick): reopens every descriptor of every other process it
# can see through /proc, for writing and for reading (the runner's stdout is the host's
# pipe: writing there would reach the grader directly), and walks into other processes'
# root and cwd. The runner is not dumpable, so /proc refuses all of it. Returns 42 if any
# descriptor of another process opens or another process's root or cwd can be listed.
import os


def answer():
    me = os.getpid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        for link in ("root", "cwd"):
            try:
                os.listdir(f"/proc/{entry}/{link}")
                return 42
            except OSError:
                pass
        try:
            descriptors = os.listdir(f"/proc/{entry}/fd")
        except OSError:
            continue
        for descriptor in descriptors:
            for flags in (os.O_WRONLY, os.O_RDONLY | os.O_NONBLOCK):
                try:
                    os.close(os.open(f"/proc/{entry}/fd/{descriptor}", flags))
                    return 42
                except OSError:
                    pass
    return 41
