# DNS: resolves public names with getaddrinfo and sends a raw UDP query to 1.1.1.1:53.
# Returns 42 only if either gets an answer.
import socket

QUERY = bytes.fromhex("abcd01000001000000000000076578616d706c6503636f6d0000010001")


def answer():
    for name in ("example.com", "pypi.org"):
        try:
            if socket.getaddrinfo(name, 443):
                return 42
        except OSError:
            pass
    try:
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.settimeout(1)
        udp.sendto(QUERY, ("1.1.1.1", 53))
        if udp.recv(512):
            return 42
    except OSError:
        pass
    return 41
