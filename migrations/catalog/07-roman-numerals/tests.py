import unittest

from solution import to_roman


class RomanNumeralsTest(unittest.TestCase):
    def test_one(self):
        self.assertEqual(to_roman(1), "I")

    def test_repeated_symbols(self):
        self.assertEqual([to_roman(n) for n in (3, 8, 20, 300)], ["III", "VIII", "XX", "CCC"])

    def test_four_and_nine_subtract(self):
        self.assertEqual([to_roman(n) for n in (4, 9, 14, 19)], ["IV", "IX", "XIV", "XIX"])

    def test_forty_and_ninety_subtract(self):
        self.assertEqual([to_roman(n) for n in (40, 49, 90, 99)], ["XL", "XLIX", "XC", "XCIX"])

    def test_four_hundred_and_nine_hundred_subtract(self):
        self.assertEqual([to_roman(n) for n in (400, 900, 444)], ["CD", "CM", "CDXLIV"])

    def test_years(self):
        self.assertEqual(
            [to_roman(n) for n in (1994, 2024, 1666)],
            ["MCMXCIV", "MMXXIV", "MDCLXVI"],
        )

    def test_largest_number(self):
        self.assertEqual(to_roman(3999), "MMMCMXCIX")
