#include <iostream>

int main() {
    // Print the greeting here.
    return 0;
}
