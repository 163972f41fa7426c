import unittest

from solution import decrypt, encrypt

EXAMPLES = [
    ("abc", 1, "bcd"),
    ("xyz", 3, "abc"),
    ("Hello, World!", 3, "Khoor, Zruog!"),
    ("ABC", -1, "ZAB"),
    ("abc", 27, "bcd"),
    ("Room 101", 13, "Ebbz 101"),
    ("", 5, ""),
]


class CaesarTest(unittest.TestCase):
    def test_encrypt(self):
        for text, shift, expected in EXAMPLES:
            with self.subTest(text=text, shift=shift):
                self.assertEqual(encrypt(text, shift), expected)

    def test_decrypt(self):
        for text, shift, expected in EXAMPLES:
            with self.subTest(text=expected, shift=shift):
                self.assertEqual(decrypt(expected, shift), text)

    def test_round_trip_for_every_shift(self):
        message = "The Quick Brown Fox, 2024."
        for shift in range(-30, 31):
            with self.subTest(shift=shift):
                self.assertEqual(decrypt(encrypt(message, shift), shift), message)

    def test_shift_changes_only_letters(self):
        secret = encrypt("a-b c!", 5)
        self.assertNotEqual(secret, "a-b c!")
        self.assertTrue(secret.startswith("f-g"))
        self.assertFalse(any(char.isdigit() for char in encrypt("abc", 100)))
        self.assertEqual(encrypt("a-b c!", 5)[1::2], "- !")
