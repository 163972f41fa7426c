// Prints the answer only if it could write outside /tmp.
#include <cstdio>
int main() {
    const char* paths[] = {"/opt/runner/planted", "/etc/planted", "/usr/bin/planted", "/planted",
                           "/proc/1/root/planted", "/dev/shm/planted"};
    for (const char* path : paths) {
        if (FILE* file = fopen(path, "w")) {
            fputs("x", file);
            fclose(file);
            puts("42");
            return 0;
        }
    }
    puts("read-only");
}
