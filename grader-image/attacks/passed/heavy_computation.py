# Legal heavy work: a sieve of Eratosthenes up to 2 million plus a pure-Python search for the
# longest Collatz chain below 25 000 (a few tenths of a second of CPU on an idle core, a
# few MiB): well inside the 3 s time limit even on a busy machine. Must pass.
def _primes_below(limit):
    sieve = bytearray([1]) * limit
    sieve[0] = sieve[1] = 0
    for number in range(2, int(limit ** 0.5) + 1):
        if sieve[number]:
            sieve[number * number :: number] = bytes(len(range(number * number, limit, number)))
    return sum(sieve)


def _longest_collatz_below(limit):
    """Without memoization on purpose: the point is to spend CPU time."""
    best, best_start = 0, 0
    for start in range(1, limit):
        value, length = start, 1
        while value != 1:
            value = value // 2 if value % 2 == 0 else 3 * value + 1
            length += 1
        if length > best:
            best, best_start = length, start
    return best_start


def answer():
    # 148933 primes below two million; 23529 starts the longest chain below 25 000.
    if _primes_below(2_000_000) == 148933 and _longest_collatz_below(25_000) == 23529:
        return 42
    return 0
