# Where it runs: reads /proc/self/cgroup and /proc/1/cgroup, which name the sandbox's cgroup
# on the host (Docker's is /docker/<64-hex container id>, the process backend's a run id),
# although the hostname hides it. With a private cgroup namespace every path is "/".
# Returns 42 if any cgroup path shows more than "/".
def answer():
    for path in ("/proc/self/cgroup", "/proc/1/cgroup"):
        try:
            with open(path) as file:
                lines = file.read().splitlines()
        except OSError:
            continue
        if any(line.split(":", 2)[2] != "/" for line in lines if line.count(":") >= 2):
            return 42
    return 41
