import unittest

from solution import running_totals


class RunningTotalsTest(unittest.TestCase):
    def test_running_sums(self):
        self.assertEqual(list(running_totals([1, 2, 3, 4])), [1, 3, 6, 10])

    def test_empty_input_yields_nothing(self):
        self.assertEqual(list(running_totals([])), [])

    def test_negative_and_float_numbers(self):
        totals = list(running_totals([2.5, -1, -1.5]))
        self.assertEqual(len(totals), 3)
        for got, expected in zip(totals, [2.5, 1.5, 0.0]):
            self.assertAlmostEqual(got, expected)

    def test_values_come_one_at_a_time(self):
        totals = running_totals([5, 5, 5])
        self.assertEqual(next(totals), 5)
        self.assertEqual(next(totals), 10)
        self.assertEqual(next(totals), 15)
        with self.assertRaises(StopIteration):
            next(totals)

    def test_works_on_a_tuple(self):
        self.assertEqual(list(running_totals((10, -10, 10))), [10, 0, 10])


if __name__ == "__main__":
    unittest.main()
