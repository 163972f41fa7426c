import unittest

from solution import hanoi


def play(n, moves, pegs=("A", "B", "C")):
    """Plays the moves on real pegs; fails on an illegal move; returns the pegs."""
    towers = {peg: [] for peg in pegs}
    towers[pegs[0]] = list(range(n, 0, -1))
    for source, target in moves:
        if not towers[source]:
            raise AssertionError(f"move from empty peg {source}")
        disc = towers[source].pop()
        if towers[target] and towers[target][-1] < disc:
            raise AssertionError(f"disc {disc} put on a smaller one")
        towers[target].append(disc)
    return towers


class HanoiTest(unittest.TestCase):
    def test_no_discs(self):
        self.assertEqual(hanoi(0), [])

    def test_one_disc(self):
        self.assertEqual(hanoi(1), [("A", "C")])

    def test_two_discs(self):
        self.assertEqual(hanoi(2), [("A", "B"), ("A", "C"), ("B", "C")])

    def test_shortest_solution(self):
        for n in range(1, 11):
            with self.subTest(n=n):
                self.assertEqual(len(hanoi(n)), 2**n - 1)

    def test_moves_are_legal_and_finish_on_the_target(self):
        for n in range(1, 8):
            with self.subTest(n=n):
                towers = play(n, hanoi(n), pegs=("A", "B", "C"))
                self.assertEqual(towers["C"], list(range(n, 0, -1)))
                self.assertEqual(towers["A"], [])

    def test_other_peg_names(self):
        moves = hanoi(3, source="L", target="R", spare="M")
        self.assertEqual(moves[0], ("L", "R"))
        self.assertEqual(len(moves), 7)
        towers = play(3, moves, pegs=("L", "M", "R"))
        self.assertEqual(towers["R"], [3, 2, 1])
