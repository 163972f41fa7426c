import unittest

from solution import remove_duplicates


class RemoveDuplicatesTest(unittest.TestCase):
    def test_keeps_first_occurrences_in_order(self):
        items = [1, 2, 1, 3, 2]
        self.assertEqual(remove_duplicates(items), 2)
        self.assertEqual(items, [1, 2, 3])

    def test_nothing_to_remove(self):
        items = [4, 5, 6]
        self.assertEqual(remove_duplicates(items), 0)
        self.assertEqual(items, [4, 5, 6])

    def test_empty_list(self):
        items = []
        self.assertEqual(remove_duplicates(items), 0)
        self.assertEqual(items, [])

    def test_all_the_same(self):
        items = ["a", "a", "a", "a"]
        self.assertEqual(remove_duplicates(items), 3)
        self.assertEqual(items, ["a"])

    def test_order_of_first_appearance_not_sorted_order(self):
        items = [3, 1, 3, 2, 1]
        remove_duplicates(items)
        self.assertEqual(items, [3, 1, 2])

    def test_words(self):
        words = "the cat saw the other cat".split()
        self.assertEqual(remove_duplicates(words), 2)
        self.assertEqual(words, ["the", "cat", "saw", "other"])
