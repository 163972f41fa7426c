import unittest

from solution import LinkedList


class LinkedListTest(unittest.TestCase):
    def setUp(self):
        self.numbers = LinkedList([1, 2, 3])
        self.empty = LinkedList()

    def test_iteration(self):
        self.assertEqual(list(self.numbers), [1, 2, 3])
        self.assertEqual(list(self.empty), [])

    def test_for_loop(self):
        seen = []
        for value in self.numbers:
            seen.append(value * 10)
        self.assertEqual(seen, [10, 20, 30])

    def test_iterating_twice(self):
        self.assertEqual(list(self.numbers), list(self.numbers))
        pairs = [(a, b) for a in self.numbers for b in self.numbers]
        self.assertEqual(len(pairs), 9)

    def test_append_and_prepend(self):
        self.numbers.append(4)
        self.numbers.prepend(0)
        self.assertEqual(list(self.numbers), [0, 1, 2, 3, 4])
        self.empty.append("x")
        self.assertEqual(list(self.empty), ["x"])

    def test_length(self):
        self.assertEqual(len(self.numbers), 3)
        self.assertEqual(len(self.empty), 0)

    def test_membership(self):
        self.assertIn(2, self.numbers)
        self.assertNotIn(5, self.numbers)

    def test_indexing(self):
        self.assertEqual(self.numbers[0], 1)
        self.assertEqual(self.numbers[2], 3)
        for index in (3, 10):
            with self.subTest(index=index):
                with self.assertRaises(IndexError):
                    self.numbers[index]

    def test_remove_first_match(self):
        values = LinkedList(["a", "b", "a", "c"])
        values.remove("a")
        self.assertEqual(list(values), ["b", "a", "c"])
        self.assertEqual(len(values), 3)
        values.remove("c")
        self.assertEqual(list(values), ["b", "a"])
        self.assertEqual(len(values), 2)

    def test_remove_missing(self):
        with self.assertRaises(ValueError) as cm:
            self.numbers.remove(99)
        self.assertIn("99", str(cm.exception))
        self.assertEqual(len(self.numbers), 3)

    def test_reverse_in_place(self):
        self.assertIsNone(self.numbers.reverse())
        self.assertEqual(list(self.numbers), [3, 2, 1])
        self.empty.reverse()
        self.assertEqual(list(self.empty), [])

    def test_equality(self):
        self.assertEqual(self.numbers, LinkedList([1, 2, 3]))
        self.assertNotEqual(self.numbers, LinkedList([3, 2, 1]))
        self.assertEqual(self.empty, LinkedList())

    def test_str(self):
        self.assertEqual(str(self.numbers), "[1 -> 2 -> 3]")
        self.assertEqual(str(self.empty), "[]")
