import unittest

from solution import hello


class HelloTest(unittest.TestCase):
    def test_returns_hello(self):
        self.assertEqual(hello(), "Hello")

    def test_returns_a_string(self):
        self.assertIsInstance(hello(), str)
