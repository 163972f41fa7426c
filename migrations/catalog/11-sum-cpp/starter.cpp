#include <iostream>

int main() {
    // Read a and b, then print a + b.
    return 0;
}
