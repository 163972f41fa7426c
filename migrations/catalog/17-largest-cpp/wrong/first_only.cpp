#include <iostream>

int main() {
    int n;
    long long x;
    std::cin >> n >> x;
    std::cout << x << "\n";
}
