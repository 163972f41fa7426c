import string
import unittest

from solution import common_letters, missing_letters


class CommonLettersTest(unittest.TestCase):
    def test_answer_is_a_set(self):
        self.assertIsInstance(common_letters("abc", "cde"), set)

    def test_hello_world(self):
        self.assertEqual(common_letters("Hello", "World"), {"l", "o"})

    def test_case_is_ignored(self):
        self.assertEqual(common_letters("ABC", "cab"), {"a", "b", "c"})

    def test_only_letters_count(self):
        self.assertSetEqual(common_letters("a, b! 1", "b? a 1"), {"a", "b"})

    def test_nothing_in_common(self):
        self.assertEqual(common_letters("abc", "xyz"), set())
        self.assertEqual(common_letters("", "anything"), set())


class MissingLettersTest(unittest.TestCase):
    def test_pangram_misses_nothing(self):
        self.assertEqual(missing_letters("The quick brown fox jumps over the lazy dog"), set())

    def test_empty_text_misses_everything(self):
        self.assertEqual(missing_letters(""), set(string.ascii_lowercase))

    def test_some_missing(self):
        missing = missing_letters("Sphinx of black quartz, judge my vow!!")
        self.assertIsInstance(missing, set)
        self.assertEqual(missing, set())
        missing = missing_letters(string.ascii_uppercase[:-2])
        self.assertEqual(missing, {"y", "z"})
        self.assertNotIn("a", missing)
