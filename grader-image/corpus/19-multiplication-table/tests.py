import io
import unittest
from contextlib import redirect_stdout

from solution import print_table


class PrintTableTest(unittest.TestCase):
    def printed(self, n):
        buffer = io.StringIO()
        with redirect_stdout(buffer):
            result = print_table(n)
        self.assertIsNone(result)
        return buffer.getvalue()

    def test_three(self):
        self.assertEqual(self.printed(3), "1 2 3\n2 4 6\n3 6 9\n")

    def test_four_is_aligned(self):
        self.assertEqual(
            self.printed(4),
            " 1  2  3  4\n 2  4  6  8\n 3  6  9 12\n 4  8 12 16\n",
        )

    def test_zero_prints_nothing(self):
        self.assertEqual(self.printed(0), "")

    def test_every_line_has_the_same_length(self):
        lines = self.printed(12).splitlines()
        self.assertEqual(len(lines), 12)
        self.assertEqual({len(line) for line in lines}, {12 * 3 + 11})
        self.assertTrue(lines[-1].endswith("144"))
