# setuid files: makes a file in /tmp setuid and setgid, tries to give it to root, and checks
# whether /tmp would run it (noexec) or honour its bits (nosuid). A root-owned setuid file
# or an executable /tmp would let a later program (or a host tool that runs files it finds)
# gain privileges. Returns 42 if the file became root's, is executable, or /tmp lacks
# nosuid or noexec.
import os
import stat


def _mount_options(path):
    with open("/proc/self/mountinfo") as file:
        for line in file:
            fields = line.split()
            if fields[4] == path:
                return set(fields[5].split(","))
    return set()


def answer():
    path = os.path.join(os.getcwd(), "escalate")
    with open(path, "w") as file:
        file.write("#!/bin/sh\nid\n")
    os.chmod(path, 0o6755)
    try:
        os.chown(path, 0, 0)
    except OSError:
        pass
    status = os.stat(path)
    if status.st_uid == 0 and status.st_mode & stat.S_ISUID:
        return 42
    if os.access(path, os.X_OK):
        return 42
    options = _mount_options(os.getcwd())
    if not {"nosuid", "noexec", "nodev"} <= options:
        return 42
    return 41
