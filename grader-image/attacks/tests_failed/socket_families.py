# Socket families besides the network: AF_VSOCK (talks to the hypervisor's host whatever
# the network namespace; Docker's default profile refuses it), AF_ALG (the kernel's crypto
# API), and families whose first socket makes the kernel load a module (TIPC, RDS, CAN,
# X.25, AppleTalk, Bluetooth, XDP, KCM, SMC, ...). Only creates sockets, never connects.
# Python's standard library needs unix, inet, inet6 and netlink sockets; returns 42 if any
# other family reaches the kernel: a socket is made, or it fails with anything but
# EPERM/ENOSYS (EAFNOSUPPORT, say, after the kernel tried to load the family's module).
import errno
import socket

FAMILIES = {"vsock": 40, "alg": 38, "packet": 17, "tipc": 30, "rds": 21, "can": 29,
            "bluetooth": 31, "key": 15, "appletalk": 5, "x25": 9, "ax25": 3, "xdp": 44,
            "kcm": 41, "smc": 43, "qipcrtr": 42, "mctp": 45, "phonet": 35, "llc": 26}


def answer():
    for family in FAMILIES.values():
        for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM, socket.SOCK_SEQPACKET):
            try:
                socket.socket(family, kind).close()
                return 42
            except OSError as error:
                if error.errno not in (errno.EPERM, errno.ENOSYS):
                    return 42
    return 41
