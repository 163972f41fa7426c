import unittest

from solution import decode, encode


class EncodeTest(unittest.TestCase):
    def test_runs(self):
        self.assertEqual(encode("aaabccdddd"), [("a", 3), ("b", 1), ("c", 2), ("d", 4)])

    def test_runs_are_tuples(self):
        for run in encode("xxyz"):
            self.assertIsInstance(run, tuple)
            self.assertEqual(len(run), 2)

    def test_only_neighbours_join(self):
        self.assertEqual(encode("aabaa"), [("a", 2), ("b", 1), ("a", 2)])

    def test_empty_and_single(self):
        self.assertEqual(encode(""), [])
        self.assertEqual(encode("z"), [("z", 1)])

    def test_spaces_and_case(self):
        self.assertEqual(encode("  AAa"), [(" ", 2), ("A", 2), ("a", 1)])


class DecodeTest(unittest.TestCase):
    def test_decode(self):
        self.assertEqual(decode([("x", 2), ("y", 1)]), "xxy")
        self.assertEqual(decode([]), "")

    def test_round_trip(self):
        for text in ("", "a", "abc", "aaaaaaaaaaaabbb", "mississippi", "  !!  "):
            with self.subTest(text=text):
                self.assertEqual(decode(encode(text)), text)
