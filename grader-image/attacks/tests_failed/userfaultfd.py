# userfaultfd: asks for a descriptor that lets user space handle page faults, the classic
# way to stretch a kernel race into an exploit. Unprivileged users may still get one for
# user-mode faults (UFFD_USER_MODE_ONLY) whatever vm.unprivileged_userfaultfd says; the
# sandbox's seccomp profile refuses it. Returns 42 if the call reaches the kernel: it
# succeeds or fails with anything but EPERM/ENOSYS.
import ctypes
import errno
import os

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
USERFAULTFD = 323
UFFD_USER_MODE_ONLY = 1


def _reached(flags):
    ctypes.set_errno(0)
    result = libc.syscall(ctypes.c_long(USERFAULTFD), os.O_CLOEXEC | flags)
    if result >= 0:
        os.close(result)
        return True
    return ctypes.get_errno() not in (errno.EPERM, errno.ENOSYS)


def answer():
    return 42 if _reached(UFFD_USER_MODE_ONLY) or _reached(0) else 41
