import unittest

from solution import group_anagrams


class GroupAnagramsTest(unittest.TestCase):
    def test_classic_example(self):
        self.assertCountEqual(
            group_anagrams(["eat", "tea", "tan", "ate", "nat", "bat"]),
            [["eat", "tea", "ate"], ["tan", "nat"], ["bat"]],
        )

    def test_no_words(self):
        self.assertEqual(group_anagrams([]), [])

    def test_case_is_ignored_but_words_are_kept_as_written(self):
        self.assertCountEqual(
            group_anagrams(["Listen", "silent", "Enlist", "google"]),
            [["Listen", "silent", "Enlist"], ["google"]],
        )

    def test_same_letters_different_counts(self):
        self.assertCountEqual(
            group_anagrams(["aab", "abb", "bba"]),
            [["aab"], ["abb", "bba"]],
        )

    def test_duplicates_stay(self):
        self.assertEqual(group_anagrams(["ab", "ba", "ab"]), [["ab", "ba", "ab"]])

    def test_every_word_in_exactly_one_group(self):
        words = ["stop", "pots", "tops", "opts", "post", "spot", "step", "pest"]
        groups = group_anagrams(words)
        for group in groups:
            self.assertIsInstance(group, list)
        self.assertCountEqual([word for group in groups for word in group], words)
        self.assertEqual(len(groups), 2)
