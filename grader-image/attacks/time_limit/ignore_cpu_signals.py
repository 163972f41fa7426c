# A busy loop that first ignores every signal it can (SIGXCPU, SIGTERM, SIGALRM, ...), so
# only SIGKILL can stop it. Still a time_limit within bounded time.
import signal

for number in range(1, signal.NSIG):
    try:
        signal.signal(number, signal.SIG_IGN)
    except (OSError, ValueError):
        pass


def answer():
    total = 0
    while True:
        total += 1
