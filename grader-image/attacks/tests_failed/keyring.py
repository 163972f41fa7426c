# The kernel keyring, which no namespace separates: joins a new session keyring with
# keyctl, adds a key with add_key, looks one up with request_key. Container engines refuse
# all three; so does the sandbox's seccomp profile. Returns 42 if any call reaches the
# kernel: it succeeds or fails with anything but EPERM/ENOSYS.
import ctypes
import errno

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
ADD_KEY, REQUEST_KEY, KEYCTL = 248, 249, 250
KEYCTL_JOIN_SESSION_KEYRING = 1
KEY_SPEC_PROCESS_KEYRING = -2


def _reached(number, *args):
    ctypes.set_errno(0)
    result = libc.syscall(ctypes.c_long(number), *args)
    return result >= 0 or ctypes.get_errno() not in (errno.EPERM, errno.ENOSYS)


def answer():
    if _reached(KEYCTL, KEYCTL_JOIN_SESSION_KEYRING, None):
        return 42
    if _reached(ADD_KEY, b"user", b"cp-probe", b"x", 1, KEY_SPEC_PROCESS_KEYRING):
        return 42
    if _reached(REQUEST_KEY, b"user", b"cp-probe", None, 0):
        return 42
    return 41
