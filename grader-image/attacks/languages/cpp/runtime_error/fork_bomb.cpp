// Forks without end: the sandbox allows no new process, so fork fails at once.
#include <unistd.h>
int main() {
    for (;;) {
        if (fork() < 0) return 3;
    }
}
