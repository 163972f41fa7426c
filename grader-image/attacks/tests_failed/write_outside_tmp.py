# Writing outside the work directory: the root, the runner, the standard library's
# unittest, /etc, /usr, /var, /root and /home (HOME itself is the writable /tmp by design).
# Returns 42 only if any write succeeds.
import os
import unittest

TARGETS = ["/pwned", "/opt/runner/runner.py", "/opt/runner/pwned.py", "/etc/passwd",
           "/etc/pwned", unittest.__file__, os.path.join(os.path.dirname(unittest.__file__), "pwned.py"),
           "/usr/bin/pwned", "/var/pwned", "/root/pwned", "/home/pwned"]


def answer():
    for path in TARGETS:
        try:
            with open(path, "a") as file:
                file.write("")
            return 42
        except OSError:
            pass
    return 41
