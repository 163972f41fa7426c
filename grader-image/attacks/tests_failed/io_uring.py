# io_uring: sets up a ring with io_uring_setup (and pokes io_uring_enter and
# io_uring_register) through ctypes. io_uring is a second way into the kernel that seccomp
# cannot see through and the path of most recent kernel exploits; the sandbox's own seccomp
# profile refuses it with ENOSYS (EPERM would do too). Returns 42 if any of the calls
# reaches the kernel: it succeeds or fails with any other error. (x86-64 numbers, as in
# every attack that calls syscall() directly.)
import ctypes
import errno
import os

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
IO_URING_SETUP, IO_URING_ENTER, IO_URING_REGISTER = 425, 426, 427
REFUSED = (errno.EPERM, errno.ENOSYS)


def _reached(number, *args):
    ctypes.set_errno(0)
    result = libc.syscall(ctypes.c_long(number), *args)
    if result >= 0:
        if number == IO_URING_SETUP:
            os.close(result)
        return True
    return ctypes.get_errno() not in REFUSED


def answer():
    params = ctypes.create_string_buffer(120)  # struct io_uring_params, all zero
    if _reached(IO_URING_SETUP, ctypes.c_uint(8), params):
        return 42
    # On a bad descriptor the kernel answers EBADF: only a filter answers ENOSYS/EPERM.
    if _reached(IO_URING_ENTER, -1, 0, 0, 0, None, 0):
        return 42
    if _reached(IO_URING_REGISTER, -1, 0, None, 0):
        return 42
    return 41
