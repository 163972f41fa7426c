# Docker socket: tries to talk to the Docker API over its usual unix sockets (which would
# mean full control of the host). Returns 42 only if a socket answers.
import socket

SOCKETS = ["/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock"]


def answer():
    for path in SOCKETS:
        try:
            client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            client.settimeout(1)
            client.connect(path)
            client.sendall(b"GET /version HTTP/1.0\r\n\r\n")
            if client.recv(16):
                return 42
        except OSError:
            pass
    return 41
