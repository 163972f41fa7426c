# Network: TCP to the internet (1.1.1.1:53), to the host's gateway (the default route, or
# the usual Docker bridge address) and to the platform's own Postgres/Redis on loopback.
# Returns 42 only if any connection is established.
import socket


def _gateway():
    try:
        with open("/proc/net/route") as routes:
            for line in routes.readlines()[1:]:
                fields = line.split()
                if fields[1] == "00000000":
                    return socket.inet_ntoa(int(fields[2], 16).to_bytes(4, "little"))
    except (OSError, IndexError, ValueError):
        pass
    return "172.17.0.1"


def answer():
    targets = [("1.1.1.1", 53), ("1.1.1.1", 443), (_gateway(), 2375), (_gateway(), 55432),
               ("172.17.0.1", 55432), ("127.0.0.1", 55432), ("127.0.0.1", 56379),
               ("127.0.0.1", 5432), ("127.0.0.1", 6379)]
    for host, port in targets:
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return 42
        except OSError:
            pass
    return 41
