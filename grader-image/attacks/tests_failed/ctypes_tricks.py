# ctypes: raw syscalls from the submission. Tries to become root (setuid/setresuid 0),
# ptrace-attach to its parent, re-enable the parent's dumpability is impossible from
# here, so it tries to write the parent's memory through /proc, and to unshare or mount.
# Returns 42 only if any of these succeeds.
import ctypes
import os

libc = ctypes.CDLL(None, use_errno=True)
PTRACE_ATTACH = 16
CLONE_NEWUSER = 0x10000000


def answer():
    parent = os.getppid()
    if libc.setuid(0) == 0 or libc.setresuid(0, 0, 0) == 0:
        return 42
    if libc.ptrace(PTRACE_ATTACH, parent, None, None) == 0:
        return 42
    try:
        with open(f"/proc/{parent}/mem", "r+b") as mem:
            mem.write(b"\0")
            return 42
    except OSError:
        pass
    if libc.unshare(CLONE_NEWUSER) == 0 and os.getuid() == 0:
        return 42
    if libc.mount(b"none", b"/opt", b"tmpfs", 0, None) == 0:
        return 42
    return 41
