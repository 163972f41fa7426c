# Core dumps: a crash writes a core file (into /tmp, beyond its bounds) or, where the host
# pipes cores to a helper (systemd-coredump, apport), makes the HOST run that helper as root
# on the sandbox's memory. The core size limit is 0 and its hard limit too, so the
# submission cannot raise it. Tries to raise it and to make itself dumpable; returns 42 if
# the limit could be raised above 0. (It does not crash: that would be a runtime_error.)
import ctypes
import resource

PR_SET_DUMPABLE = 4


def answer():
    ctypes.CDLL(None).prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)
    soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    for wanted in (resource.RLIM_INFINITY, 1 << 30, 4096):
        try:
            resource.setrlimit(resource.RLIMIT_CORE, (wanted, wanted))
        except (OSError, ValueError):
            pass
        try:
            resource.setrlimit(resource.RLIMIT_CORE, (min(wanted, hard), hard))
        except (OSError, ValueError):
            pass
    soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    return 42 if soft > 0 or hard > 0 else 41
