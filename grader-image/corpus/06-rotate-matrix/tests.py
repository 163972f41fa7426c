import copy
import unittest

from solution import rotate


def square(size):
    """The matrix [[1, 2, ...], [size + 1, ...], ...]."""
    return [[row * size + column + 1 for column in range(size)] for row in range(size)]


class RotateTest(unittest.TestCase):
    def setUp(self):
        self.three = square(3)
        self.four = square(4)

    def test_three_by_three(self):
        self.assertIsNone(rotate(self.three))
        self.assertEqual(self.three, [[7, 4, 1], [8, 5, 2], [9, 6, 3]])

    def test_four_by_four(self):
        rotate(self.four)
        self.assertEqual(
            self.four,
            [[13, 9, 5, 1], [14, 10, 6, 2], [15, 11, 7, 3], [16, 12, 8, 4]],
        )

    def test_first_row_becomes_last_column(self):
        first_row = list(self.four[0])
        rotate(self.four)
        self.assertEqual([row[-1] for row in self.four], first_row)

    def test_one_by_one_and_empty(self):
        for matrix in ([[42]], []):
            with self.subTest(matrix=matrix):
                expected = copy.deepcopy(matrix)
                rotate(matrix)
                self.assertEqual(matrix, expected)

    def test_four_turns_give_the_original(self):
        for size in range(1, 6):
            with self.subTest(size=size):
                matrix = square(size)
                for _ in range(4):
                    rotate(matrix)
                self.assertEqual(matrix, square(size))

    def test_two_turns_reverse_everything(self):
        rotate(self.three)
        rotate(self.three)
        self.assertEqual(self.three, [[9, 8, 7], [6, 5, 4], [3, 2, 1]])
