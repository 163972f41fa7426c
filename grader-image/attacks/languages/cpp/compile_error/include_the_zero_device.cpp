// The compiler reads what the source names: an endless device. Its build limits stop it.
#include "/dev/zero"
int main() {}
