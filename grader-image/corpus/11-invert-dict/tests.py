import unittest

from solution import invert


class InvertTest(unittest.TestCase):
    def setUp(self):
        self.grades = {"zoe": "B", "ana": "A", "max": "C", "eve": "A", "bob": "B", "ian": "A"}
        self.original = dict(self.grades)

    def tearDown(self):
        # Whatever a test did, the dictionary handed to invert() is as it was.
        self.assertEqual(self.grades, self.original)

    def test_inverts_the_grades(self):
        self.assertDictEqual(
            invert(self.grades),
            {"A": ["ana", "eve", "ian"], "B": ["bob", "zoe"], "C": ["max"]},
        )

    def test_every_value_is_a_key(self):
        inverted = invert(self.grades)
        for grade in ("A", "B", "C"):
            self.assertIn(grade, inverted)
        self.assertNotIn("D", inverted)
        self.assertNotIn("ana", inverted)

    def test_keys_are_sorted(self):
        inverted = invert(self.grades)
        self.assertEqual(inverted["B"], ["bob", "zoe"])
        self.assertIsInstance(inverted["C"], list)

    def test_empty(self):
        self.assertEqual(invert({}), {})

    def test_numbers(self):
        self.assertEqual(invert({1: 10, 2: 20, 3: 10}), {10: [1, 3], 20: [2]})
