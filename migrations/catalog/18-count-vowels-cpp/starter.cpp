#include <iostream>
#include <string>

int main() {
    std::string line;
    std::getline(std::cin, line);
    // Count the vowels in line and print the count.
    return 0;
}
