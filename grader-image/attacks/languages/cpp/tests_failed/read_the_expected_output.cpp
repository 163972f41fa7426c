// Looks for the expected output wherever a process could see it: other processes'
// command lines, environments, memory and open files, and /tmp. It prints what follows
// the name of the expected output if it finds it; the runner keeps it where none of that
// reaches.
#include <dirent.h>
#include <fcntl.h>
#include <iostream>
#include <string>
#include <unistd.h>
static bool look(const std::string& text) {
    // Joined at run time, so that its own source and binary do not hold the name.
    static const std::string name = std::string("expected") + "_output";
    auto at = text.find(name);
    if (at == std::string::npos) return false;
    std::cout << text.substr(at, 40) << "\n";
    return true;
}
// Regular files and /proc entries only: a pipe would block the search itself.
static std::string slurp(const std::string& path) {
    int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK);
    if (fd < 0) return "";
    std::string text;
    char buffer[65536];
    for (ssize_t n; text.size() < (1 << 20) && (n = read(fd, buffer, sizeof buffer)) > 0;) {
        text.append(buffer, n);
    }
    close(fd);
    return text;
}
int main() {
    DIR* proc = opendir("/proc");
    for (dirent* entry; proc && (entry = readdir(proc));) {
        std::string pid = entry->d_name;
        if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
        for (const char* what : {"cmdline", "environ"}) {
            if (look(slurp("/proc/" + pid + "/" + what))) return 0;
        }
        // Not its own memory and descriptors: they hold this search itself.
        if (pid == std::to_string(getpid())) continue;
        if (look(slurp("/proc/" + pid + "/mem"))) return 0;
        for (int fd = 0; fd < 32; ++fd) {
            if (look(slurp("/proc/" + pid + "/fd/" + std::to_string(fd)))) return 0;
        }
    }
    DIR* tmp = opendir("/tmp");
    for (dirent* entry; tmp && (entry = readdir(tmp));) {
        if (look(slurp(std::string("/tmp/") + entry->d_name))) return 0;
    }
    std::cout << "not found\n";
}
