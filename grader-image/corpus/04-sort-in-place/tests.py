import unittest

from solution import sort_in_place


class SortInPlaceTest(unittest.TestCase):
    def test_returns_none_and_sorts_the_list(self):
        numbers = [3, 1, 2]
        result = sort_in_place(numbers)
        self.assertIsNone(result)
        self.assertEqual(numbers, [1, 2, 3])

    def test_every_name_for_the_list_sees_the_change(self):
        numbers = [5, 4, 3, 2, 1]
        same_list = numbers
        sort_in_place(numbers)
        self.assertEqual(same_list, [1, 2, 3, 4, 5])

    def test_duplicates_and_negatives(self):
        numbers = [0, -2, 5, -2, 3, 0]
        sort_in_place(numbers)
        self.assertEqual(numbers, [-2, -2, 0, 0, 3, 5])

    def test_smallest_at_the_end(self):
        numbers = [2, 3, 4, 1]
        sort_in_place(numbers)
        self.assertEqual(numbers, [1, 2, 3, 4])

    def test_empty_and_single(self):
        for numbers in ([], [7]):
            with self.subTest(numbers=numbers):
                expected = list(numbers)
                sort_in_place(numbers)
                self.assertEqual(numbers, expected)

    def test_already_sorted(self):
        numbers = [1, 2, 3, 4]
        sort_in_place(numbers)
        self.assertEqual(numbers, [1, 2, 3, 4])

    def test_strings(self):
        words = ["pear", "apple", "fig"]
        sort_in_place(words)
        self.assertEqual(words, ["apple", "fig", "pear"])

    def test_a_longer_list(self):
        numbers = [(i * 37) % 101 for i in range(101)]
        sort_in_place(numbers)
        self.assertEqual(numbers, list(range(101)))
