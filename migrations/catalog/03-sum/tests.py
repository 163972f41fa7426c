import unittest

from solution import sum


class SumTest(unittest.TestCase):
    def test_small_positive_numbers(self):
        self.assertEqual(sum(2, 3), 5)

    def test_negative_numbers(self):
        self.assertEqual(sum(-4, -6), -10)

    def test_zero(self):
        self.assertEqual(sum(0, 0), 0)

    def test_floats(self):
        self.assertAlmostEqual(sum(1.5, 1.25), 2.75)
        self.assertAlmostEqual(sum(-1.5, 0.5), -1.0)

    def test_large_numbers(self):
        self.assertEqual(sum(10**20, 1), 10**20 + 1)
