// Reads two numbers and prints their product: the answer the case expects.
#include <iostream>
int main() {
    long a, b;
    std::cin >> a >> b;
    std::cout << a * b << "\n";
}
