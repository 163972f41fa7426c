import unittest

from solution import fizzbuzz


class FizzBuzzTest(unittest.TestCase):
    def test_first_five(self):
        self.assertEqual(fizzbuzz(5), ["1", "2", "Fizz", "4", "Buzz"])

    def test_one_gives_a_single_number(self):
        self.assertEqual(fizzbuzz(1), ["1"])

    def test_zero_gives_an_empty_list(self):
        self.assertEqual(fizzbuzz(0), [])

    def test_up_to_fifteen(self):
        self.assertEqual(
            fizzbuzz(15),
            [
                "1", "2", "Fizz", "4", "Buzz", "Fizz", "7", "8",
                "Fizz", "Buzz", "11", "Fizz", "13", "14", "FizzBuzz",
            ],
        )

    def test_length_matches_n(self):
        self.assertEqual(len(fizzbuzz(100)), 100)

    def test_multiples_of_fifteen_are_fizzbuzz(self):
        result = fizzbuzz(90)
        self.assertEqual([result[i - 1] for i in (30, 45, 60, 90)], ["FizzBuzz"] * 4)

    def test_last_entries_up_to_one_hundred(self):
        self.assertEqual(fizzbuzz(100)[-4:], ["97", "98", "Fizz", "Buzz"])
