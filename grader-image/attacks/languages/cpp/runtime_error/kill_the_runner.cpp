// Signals every process it can see, the trusted runner included, then fails.
#include <csignal>
#include <sys/types.h>
#include <unistd.h>
int main() {
    for (pid_t pid = 1; pid < 4096; ++pid) {
        if (pid != getpid()) kill(pid, SIGKILL);
    }
    kill(getppid(), SIGSTOP);
    return 7;
}
