# Core dumps: a crash with a core size limit writes a core file into /tmp (beyond what the
# runner expects there) or into a host directory the core pattern names. The limit is 0,
# hard limit included, so the submission cannot raise it: tries to raise it (after making
# itself dumpable again) and returns 42 if the limit could be raised above 0. It does not
# crash: that would be a runtime_error. (Where the host pipes cores to a helper such as
# systemd-coredump, the kernel ignores this limit; only a non-dumpable process is spared.)
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
