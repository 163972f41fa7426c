import unittest

from solution import merge


class MergeTest(unittest.TestCase):
    def test_overlapping(self):
        self.assertEqual(merge([(1, 3), (2, 6), (8, 10)]), [(1, 6), (8, 10)])

    def test_unsorted_input(self):
        self.assertEqual(merge([(8, 10), (1, 3), (2, 6)]), [(1, 6), (8, 10)])

    def test_touching_intervals_merge(self):
        self.assertEqual(merge([(1, 3), (3, 5)]), [(1, 5)])

    def test_contained_interval(self):
        self.assertEqual(merge([(1, 10), (2, 3), (4, 5)]), [(1, 10)])

    def test_empty_and_single(self):
        self.assertEqual(merge([]), [])
        self.assertEqual(merge([(4, 4)]), [(4, 4)])

    def test_floats(self):
        result = merge([(0.5, 1.5), (1.25, 2.0)])
        self.assertEqual(len(result), 1)
        self.assertAlmostEqual(result[0][0], 0.5)
        self.assertAlmostEqual(result[0][1], 2.0)

    def test_input_is_not_changed(self):
        intervals = [(5, 6), (1, 2), (2, 3)]
        merge(intervals)
        self.assertEqual(intervals, [(5, 6), (1, 2), (2, 3)])

    def test_backwards_interval(self):
        with self.assertRaises(ValueError) as cm:
            merge([(1, 2), (5, 1)])
        self.assertIn("(5, 1)", str(cm.exception))
