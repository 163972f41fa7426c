import unittest

from solution import hello


class HelloWorldTest(unittest.TestCase):
    def test_returns_hello_world(self):
        self.assertEqual(hello(), "Hello world!")
