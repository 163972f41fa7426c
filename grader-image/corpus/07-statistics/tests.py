import unittest

from solution import mean, median, variance


class MeanTest(unittest.TestCase):
    def test_whole_numbers(self):
        self.assertAlmostEqual(mean([1, 2, 3, 4]), 2.5)

    def test_floats(self):
        self.assertAlmostEqual(mean([0.1, 0.2, 0.3]), 0.2)

    def test_single_value(self):
        self.assertEqual(mean([-7]), -7)

    def test_empty_list(self):
        with self.assertRaises(ValueError) as cm:
            mean([])
        self.assertIn("empty", str(cm.exception))


class MedianTest(unittest.TestCase):
    def test_odd_count(self):
        self.assertEqual(median([3, 1, 2]), 2)

    def test_even_count_averages_the_middle_two(self):
        self.assertAlmostEqual(median([4, 1, 3, 2]), 2.5)

    def test_list_is_left_alone(self):
        data = [5, 3, 9, 1]
        median(data)
        self.assertEqual(data, [5, 3, 9, 1])

    def test_empty_list(self):
        with self.assertRaises(ValueError) as cm:
            median([])
        self.assertIn("empty", str(cm.exception))


class VarianceTest(unittest.TestCase):
    def test_textbook_example(self):
        self.assertAlmostEqual(variance([2, 4, 4, 4, 5, 5, 7, 9]), 4.0)

    def test_all_equal_values(self):
        self.assertAlmostEqual(variance([3.5, 3.5, 3.5]), 0.0)

    def test_floats(self):
        self.assertAlmostEqual(variance([1.5, 2.5]), 0.25, places=9)

    def test_empty_list(self):
        self.assertRaises(ValueError, variance, [])
