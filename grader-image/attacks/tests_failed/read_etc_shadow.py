# Reading host secrets: /etc/shadow, /etc/gshadow, root's and the grader's home, SSH keys.
# Returns 42 only if one of them can be read.
import glob

PATHS = ["/etc/shadow", "/etc/gshadow", "/root/.ssh/id_rsa", "/root/.bash_history",
         "/root/.docker/config.json", "/etc/sudoers"]


def answer():
    for path in PATHS + glob.glob("/home/*/.ssh/*"):
        try:
            with open(path, "rb") as file:
                if file.read(1):
                    return 42
        except OSError:
            pass
    return 41
