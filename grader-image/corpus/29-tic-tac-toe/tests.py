import unittest

from solution import Board, IllegalMove


class BoardTest(unittest.TestCase):
    def setUp(self):
        self.board = Board()

    def play(self, *moves):
        for row, column in moves:
            self.board.play(row, column)

    def test_new_board(self):
        self.assertEqual(self.board.turn, "X")
        self.assertIsNone(self.board.winner)
        self.assertFalse(self.board.is_full())
        self.assertEqual(str(self.board), " | | \n | | \n | | ")

    def test_turns_alternate(self):
        self.board.play(0, 0)
        self.assertEqual(self.board.turn, "O")
        self.board.play(1, 1)
        self.assertEqual(self.board.turn, "X")

    def test_drawing(self):
        self.play((1, 1), (0, 2))
        self.assertEqual(str(self.board), " | |O\n |X| \n | | ")

    def test_row_win(self):
        self.play((0, 0), (1, 0), (0, 1), (1, 1), (0, 2))
        self.assertEqual(self.board.winner, "X")

    def test_column_win_for_o(self):
        self.play((0, 0), (0, 1), (2, 2), (1, 1), (1, 0), (2, 1))
        self.assertEqual(self.board.winner, "O")

    def test_diagonals(self):
        for moves in (
            [(0, 0), (0, 1), (1, 1), (0, 2), (2, 2)],
            [(0, 2), (0, 1), (1, 1), (0, 0), (2, 0)],
        ):
            with self.subTest(moves=moves):
                board = Board()
                for row, column in moves:
                    board.play(row, column)
                self.assertEqual(board.winner, "X")

    def test_taken_cell(self):
        self.board.play(1, 1)
        with self.assertRaises(IllegalMove):
            self.board.play(1, 1)
        self.assertEqual(self.board.turn, "O")

    def test_off_the_board(self):
        for row, column in ((3, 0), (0, 3), (-1, 0), (0, -1)):
            with self.subTest(row=row, column=column):
                with self.assertRaises(IllegalMove):
                    self.board.play(row, column)
        self.assertEqual(str(self.board), " | | \n | | \n | | ")

    def test_no_moves_after_a_win(self):
        self.play((0, 0), (1, 0), (0, 1), (1, 1), (0, 2))
        with self.assertRaises(IllegalMove):
            self.board.play(2, 2)

    def test_draw(self):
        self.play((0, 0), (0, 1), (0, 2), (1, 1), (1, 0), (1, 2), (2, 1), (2, 0), (2, 2))
        self.assertTrue(self.board.is_full())
        self.assertIsNone(self.board.winner)
        self.assertEqual(str(self.board), "X|O|X\nX|O|O\nO|X|X")
