import unittest

from solution import binary_search


class BinarySearchTest(unittest.TestCase):
    def setUp(self):
        self.items = list(range(0, 100, 3))

    def test_finds_every_element(self):
        for index, value in enumerate(self.items):
            with self.subTest(value=value):
                self.assertEqual(binary_search(self.items, value), index)

    def test_first_and_last(self):
        self.assertEqual(binary_search(self.items, 0), 0)
        self.assertEqual(binary_search(self.items, 99), len(self.items) - 1)

    def test_missing_values_give_none(self):
        for value in (-5, 1, 50, 98, 100, 1000):
            with self.subTest(value=value):
                self.assertIsNone(binary_search(self.items, value))

    def test_empty_list(self):
        self.assertIsNone(binary_search([], 3))

    def test_single_element(self):
        self.assertEqual(binary_search([7], 7), 0)
        self.assertIsNone(binary_search([7], 8))

    def test_words(self):
        words = ["ant", "bee", "cat", "dog", "eel"]
        self.assertEqual(binary_search(words, "dog"), 3)
        self.assertIsNone(binary_search(words, "cow"))
