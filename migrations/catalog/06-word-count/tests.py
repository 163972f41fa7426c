import unittest

from solution import word_count


class WordCountTest(unittest.TestCase):
    def test_single_word(self):
        self.assertEqual(word_count("word"), {"word": 1})

    def test_repeated_words_are_counted(self):
        self.assertEqual(
            word_count("one fish two fish red fish blue fish"),
            {"one": 1, "fish": 4, "two": 1, "red": 1, "blue": 1},
        )

    def test_empty_string_gives_empty_dict(self):
        self.assertEqual(word_count(""), {})

    def test_case_is_ignored(self):
        self.assertEqual(word_count("Go go GO gO"), {"go": 4})

    def test_punctuation_is_ignored(self):
        self.assertEqual(
            word_count("Hello, world! Hello... world?"),
            {"hello": 2, "world": 2},
        )

    def test_any_whitespace_separates_words(self):
        self.assertEqual(
            word_count("  tab\tnew\nline  tab "),
            {"tab": 2, "new": 1, "line": 1},
        )

    def test_numbers_are_words(self):
        self.assertEqual(
            word_count("1 fish, 2 fish, R2D2"),
            {"1": 1, "fish": 2, "2": 1, "r2d2": 1},
        )

    def test_apostrophes_inside_words_are_kept(self):
        self.assertEqual(
            word_count("Don't say 'don't', just don't!"),
            {"don't": 3, "say": 1, "just": 1},
        )
