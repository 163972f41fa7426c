#include <iostream>
#include <string>

int main() {
    std::string line;
    std::getline(std::cin, line);
    int count = 0;
    for (char c : line) if (std::string("aeiou").find(c) != std::string::npos) ++count;
    std::cout << count << "\n";
}
