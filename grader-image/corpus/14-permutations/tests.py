import math
import unittest

from solution import permutations


class PermutationsTest(unittest.TestCase):
    def test_three_letters_in_order(self):
        self.assertEqual(permutations("abc"), ["abc", "acb", "bac", "bca", "cab", "cba"])

    def test_unsorted_input_gives_sorted_answer(self):
        self.assertEqual(permutations("cba"), ["abc", "acb", "bac", "bca", "cab", "cba"])

    def test_single_letter_and_empty_word(self):
        self.assertEqual(permutations("x"), ["x"])
        self.assertEqual(permutations(""), [""])

    def test_repeated_letters_give_no_repeats(self):
        self.assertEqual(permutations("aab"), ["aab", "aba", "baa"])
        self.assertEqual(permutations("aaaa"), ["aaaa"])

    def test_count_for_distinct_letters(self):
        for word in ("ab", "abcd", "abcde", "abcdef"):
            with self.subTest(word=word):
                self.assertEqual(len(permutations(word)), math.factorial(len(word)))

    def test_contains_the_word_and_its_reverse(self):
        result = permutations("stop")
        self.assertIn("stop", result)
        self.assertIn("pots", result)
        self.assertCountEqual(set(result), result)
