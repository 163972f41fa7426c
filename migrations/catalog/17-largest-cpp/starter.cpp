#include <iostream>

int main() {
    int n;
    std::cin >> n;
    // Read the n numbers and print the largest.
    return 0;
}
