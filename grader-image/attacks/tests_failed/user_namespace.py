# Namespaces: unshare(CLONE_NEWUSER) (root with every capability inside a new user
# namespace, hence mounts and the kernel code behind them), unshare of the other kinds,
# setns into its own namespaces, and clone with CLONE_NEWUSER. Returns 42 if any call
# reaches the kernel's namespace code: it succeeds or fails with anything but
# EPERM/ENOSYS (ENOSPC, for one, would mean only a namespace count stopped it).
import ctypes
import errno
import os

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
CLONE, SIGCHLD = 56, 17


def _reached(result):
    return result >= 0 or ctypes.get_errno() not in (errno.EPERM, errno.ENOSYS)


def answer():
    for flags in (CLONE_NEWUSER, CLONE_NEWUSER | CLONE_NEWNS, CLONE_NEWNS, CLONE_NEWNET,
                  CLONE_NEWPID, CLONE_NEWIPC, CLONE_NEWUTS):
        ctypes.set_errno(0)
        if _reached(libc.unshare(flags)):
            return 42
    for kind in ("user", "mnt", "net"):
        try:
            descriptor = os.open(f"/proc/self/ns/{kind}", os.O_RDONLY)
        except OSError:
            continue
        ctypes.set_errno(0)
        result = libc.setns(descriptor, 0)
        os.close(descriptor)
        if _reached(result):
            return 42
    ctypes.set_errno(0)
    child = libc.syscall(ctypes.c_long(CLONE), CLONE_NEWUSER | SIGCHLD, None, None, None, None)
    if child == 0:
        os._exit(0)
    return 42 if _reached(child) else 41
