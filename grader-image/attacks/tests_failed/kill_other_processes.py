# Killing and signalling: SIGKILL to PID 1, to every process it may signal (kill -1), to
# its parent and its parent's group, plus SIGSTOP/SIGTERM/SIGINT to the parent. If the
# runner died, no result would arrive (a runtime_error); a sound sandbox grades the
# wrong answer as tests_failed.
import os
import signal


def _signal_everything():
    parent = os.getppid()
    for target, number in [(parent, signal.SIGSTOP), (parent, signal.SIGTERM),
                           (parent, signal.SIGINT), (parent, signal.SIGUSR1),
                           (1, signal.SIGKILL), (parent, signal.SIGKILL), (-1, signal.SIGKILL)]:
        try:
            os.kill(target, number)
        except OSError:
            pass
    try:
        os.killpg(os.getpgid(parent), signal.SIGKILL)
    except OSError:
        pass


_signal_everything()


def answer():
    _signal_everything()
    return 41
