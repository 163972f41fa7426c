# Mounting: mount(2) of a tmpfs and a bind of /, umount2 of /tmp, pivot_root, chroot, and
# the new mount API (fsopen, open_tree with OPEN_TREE_CLONE). With no capabilities each
# already fails with EPERM; the seccomp profile refuses them before the kernel looks.
# Returns 42 if any call succeeds or fails with anything but EPERM/ENOSYS.
import ctypes
import errno
import os

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
OPEN_TREE, FSOPEN, PIVOT_ROOT = 428, 430, 155
OPEN_TREE_CLONE, AT_FDCWD, MS_BIND, MNT_DETACH = 1, -100, 4096, 2


def _reached(result):
    if result >= 0:
        return True
    return ctypes.get_errno() not in (errno.EPERM, errno.ENOSYS)


def _call(function, *args):
    ctypes.set_errno(0)
    result = function(*args)
    if result > 0 and function is libc.syscall:
        os.close(result)
    return _reached(result)


def answer():
    target = os.getcwd().encode()
    attempts = [
        (libc.mount, b"none", target, b"tmpfs", 0, None),
        (libc.mount, b"/", target, None, MS_BIND, None),
        (libc.umount2, target, MNT_DETACH),
        (libc.chroot, target),
        (libc.syscall, ctypes.c_long(PIVOT_ROOT), target, target),
        (libc.syscall, ctypes.c_long(FSOPEN), b"tmpfs", 0),
        (libc.syscall, ctypes.c_long(OPEN_TREE), AT_FDCWD, b"/", OPEN_TREE_CLONE),
    ]
    return 42 if any(_call(*attempt) for attempt in attempts) else 41
