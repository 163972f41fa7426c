#include <iostream>
#include <string>

int main() {
    std::string word;
    std::cin >> word;
    int count = 0;
    for (char c : word) if (std::string("aeiouAEIOU").find(c) != std::string::npos) ++count;
    std::cout << count << "\n";
}
