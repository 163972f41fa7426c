#include <cctype>
#include <iostream>
#include <string>

int main() {
    std::string line;
    std::getline(std::cin, line);
    int count = 0;
    for (char c : line) {
        switch (std::tolower(static_cast<unsigned char>(c))) {
            case 'a': case 'e': case 'i': case 'o': case 'u': ++count;
        }
    }
    std::cout << count << "\n";
    return 0;
}
