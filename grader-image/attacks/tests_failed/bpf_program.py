# eBPF: loads a two-instruction socket filter program with bpf(BPF_PROG_LOAD). The eBPF
# verifier is a large kernel attack surface; the host may forbid it to unprivileged users
# (kernel.unprivileged_bpf_disabled), the sandbox's seccomp profile does anyway. Returns 42
# if the call reaches the kernel: it succeeds or fails with anything but EPERM/ENOSYS.
import ctypes
import errno
import os

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
BPF = 321
BPF_PROG_LOAD = 5
BPF_PROG_TYPE_SOCKET_FILTER = 1


class ProgLoad(ctypes.Structure):
    _fields_ = [("prog_type", ctypes.c_uint32), ("insn_cnt", ctypes.c_uint32),
                ("insns", ctypes.c_uint64), ("license", ctypes.c_uint64),
                ("log_level", ctypes.c_uint32), ("log_size", ctypes.c_uint32),
                ("log_buf", ctypes.c_uint64), ("padding", ctypes.c_uint8 * 96)]


def answer():
    # mov r0, 0; exit
    program = (ctypes.c_uint64 * 2)(0x00000000000000b7, 0x0000000000000095)
    license = ctypes.create_string_buffer(b"GPL")
    attributes = ProgLoad(BPF_PROG_TYPE_SOCKET_FILTER, 2, ctypes.addressof(program),
                          ctypes.addressof(license))
    ctypes.set_errno(0)
    result = libc.syscall(ctypes.c_long(BPF), BPF_PROG_LOAD, ctypes.byref(attributes),
                          ctypes.sizeof(attributes))
    if result >= 0:
        os.close(result)
        return 42
    return 41 if ctypes.get_errno() in (errno.EPERM, errno.ENOSYS) else 42
