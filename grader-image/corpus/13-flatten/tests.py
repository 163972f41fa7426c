import unittest

from solution import depth, flatten


class FlattenTest(unittest.TestCase):
    def test_already_flat(self):
        self.assertEqual(flatten([1, 2, 3]), [1, 2, 3])

    def test_nested(self):
        self.assertEqual(flatten([1, [2, [3, 4]], 5]), [1, 2, 3, 4, 5])

    def test_deeply_nested(self):
        nested = [0]
        for i in range(1, 50):
            nested = [nested, i]
        self.assertEqual(flatten(nested), list(range(50)))

    def test_empty_lists_disappear(self):
        self.assertEqual(flatten([[], [[]], [[], [7]]]), [7])

    def test_strings_and_tuples_are_values(self):
        self.assertEqual(flatten([["ab", (1, 2)], "cd"]), ["ab", (1, 2), "cd"])

    def test_input_is_not_changed(self):
        nested = [1, [2, [3]]]
        flatten(nested)
        self.assertEqual(nested, [1, [2, [3]]])


class DepthTest(unittest.TestCase):
    def test_depths(self):
        cases = [([], 1), ([1, 2], 1), ([1, [2]], 2), ([1, [2, [3, 4]], 5], 3), ([[[[]]]], 4)]
        for nested, expected in cases:
            with self.subTest(nested=nested):
                self.assertEqual(depth(nested), expected)

    def test_tuples_do_not_count(self):
        self.assertEqual(depth([(1, (2, (3,)))]), 1)
