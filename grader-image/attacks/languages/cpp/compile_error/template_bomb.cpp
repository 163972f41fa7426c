// Instantiations without end: the compiler's own limits stop it.
template <int N> struct Bomb { static const int value = Bomb<N + 1>::value + Bomb<N + 2>::value; };
int main() { return Bomb<0>::value; }
