import unittest

from solution import is_palindrome


class PalindromeTest(unittest.TestCase):
    def test_simple_palindrome(self):
        self.assertEqual(is_palindrome("level"), True)

    def test_simple_non_palindrome(self):
        self.assertEqual(is_palindrome("hello"), False)

    def test_ignores_case(self):
        self.assertEqual(is_palindrome("Racecar"), True)

    def test_ignores_spaces_and_punctuation(self):
        self.assertEqual(is_palindrome("A man, a plan, a canal: Panama!"), True)

    def test_ignores_digits(self):
        self.assertEqual(is_palindrome("1 step on no pets 2"), True)

    def test_empty_string_is_a_palindrome(self):
        self.assertEqual(is_palindrome(""), True)

    def test_same_first_and_last_letter_is_not_enough(self):
        self.assertEqual(is_palindrome("Never odd or even, Ben"), False)

    def test_two_different_letters_are_not(self):
        self.assertEqual(is_palindrome("ab"), False)
