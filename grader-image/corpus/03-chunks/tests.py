import unittest

from solution import chunks


class ChunksTest(unittest.TestCase):
    def test_last_chunk_may_be_shorter(self):
        self.assertEqual(list(chunks([1, 2, 3, 4, 5, 6, 7], 3)), [[1, 2, 3], [4, 5, 6], [7]])

    def test_exact_split(self):
        self.assertEqual(list(chunks(["a", "b", "c", "d"], 2)), [["a", "b"], ["c", "d"]])

    def test_size_larger_than_the_list(self):
        self.assertEqual(list(chunks([1, 2], 10)), [[1, 2]])

    def test_empty_list(self):
        self.assertEqual(list(chunks([], 3)), [])

    def test_size_one(self):
        self.assertEqual(list(chunks([1, 2, 3], 1)), [[1], [2], [3]])

    def test_every_chunk_is_a_list(self):
        for chunk in chunks([1, 2, 3, 4, 5], 2):
            self.assertIsInstance(chunk, list)

    def test_first_chunk_comes_from_next(self):
        pieces = chunks(list(range(100)), 10)
        self.assertEqual(next(pieces), list(range(10)))
        self.assertEqual(next(pieces), list(range(10, 20)))

    def test_sizes_below_one_are_rejected(self):
        for size in (0, -1, -10):
            with self.subTest(size=size):
                with self.assertRaises(ValueError):
                    list(chunks([1, 2, 3], size))

    def test_the_list_is_not_changed(self):
        items = [1, 2, 3, 4, 5]
        list(chunks(items, 2))
        self.assertEqual(items, [1, 2, 3, 4, 5])
