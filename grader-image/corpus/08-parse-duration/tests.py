import unittest

from solution import parse_duration

VALID = [
    ("45s", 45),
    ("1m", 60),
    ("2h", 7200),
    ("1h30m", 5400),
    ("2h0m5s", 7205),
    ("90m", 5400),
    ("0s", 0),
    ("10h10m10s", 36610),
]

INVALID = ["", "h", "10", "1x", "1m1h", "1h1h", "-5s", "1.5h", "1h 30m", "1H"]


class ParseDurationTest(unittest.TestCase):
    def test_valid_durations(self):
        for text, seconds in VALID:
            with self.subTest(text=text):
                self.assertEqual(parse_duration(text), seconds)

    def test_invalid_durations_raise_value_error(self):
        for text in INVALID:
            with self.subTest(text=text):
                with self.assertRaises(ValueError):
                    parse_duration(text)

    def test_error_message_names_the_text(self):
        with self.assertRaises(ValueError) as cm:
            parse_duration("1x")
        self.assertEqual(str(cm.exception), "invalid duration: '1x'")

    def test_result_is_an_int(self):
        self.assertIsInstance(parse_duration("1h1m1s"), int)
