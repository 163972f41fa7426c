# Host access: looks for the host's project checkout, its secrets and databases, and the
# Docker socket. Returns 42 only if any of them is visible from inside the sandbox.
import os

PATHS = ["/var/run/docker.sock", "/run/docker.sock", "/work", "/work/main", "/root",
         "/var/lib/docker", "/var/lib/postgresql", "/run/containerd/containerd.sock",
         "/proc/1/root/work", "/proc/1/root/var/run/docker.sock"]


def answer():
    for path in PATHS:
        try:
            if os.path.exists(path) and (os.listdir(path) if os.path.isdir(path) else True):
                return 42
        except OSError:
            pass
    return 41
