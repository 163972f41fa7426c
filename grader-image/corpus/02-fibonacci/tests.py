import itertools
import unittest

from solution import fibonacci


class FibonacciTest(unittest.TestCase):
    def test_first_ten(self):
        self.assertEqual(
            list(itertools.islice(fibonacci(), 10)),
            [0, 1, 1, 2, 3, 5, 8, 13, 21, 34],
        )

    def test_next_gives_one_number_at_a_time(self):
        numbers = fibonacci()
        self.assertEqual(next(numbers), 0)
        self.assertEqual(next(numbers), 1)
        self.assertEqual(next(numbers), 1)
        self.assertEqual(next(numbers), 2)

    def test_each_call_starts_again(self):
        first = fibonacci()
        for _ in range(3):
            next(first)
        self.assertEqual(next(fibonacci()), 0)
        self.assertEqual(next(first), 2)

    def test_usable_in_a_for_loop(self):
        below_100 = []
        for number in fibonacci():
            if number >= 100:
                break
            below_100.append(number)
        self.assertEqual(below_100, [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89])

    def test_it_never_ends(self):
        numbers = fibonacci()
        for _ in range(300):
            value = next(numbers)
        self.assertEqual(value, 137347080577163115432025771710279131845700275212767467264610201)
