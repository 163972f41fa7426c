LINES = (
    [[(row, column) for column in range(3)] for row in range(3)]
    + [[(row, column) for row in range(3)] for column in range(3)]
    + [[(i, i) for i in range(3)], [(i, 2 - i) for i in range(3)]]
)


class IllegalMove(Exception):
    pass


class Board:
    def __init__(self):
        self._cells = [[None] * 3 for _ in range(3)]
        self._turn = "X"

    @property
    def turn(self):
        return self._turn

    @property
    def winner(self):
        for line in LINES:
            marks = {self._cells[row][column] for row, column in line}
            if len(marks) == 1 and None not in marks:
                return marks.pop()
        return None

    def play(self, row, column):
        if self.winner is not None:
            raise IllegalMove("the game is over")
        if row not in range(3) or column not in range(3):
            raise IllegalMove(f"({row}, {column}) is off the board")
        if self._cells[row][column] is not None:
            raise IllegalMove(f"({row}, {column}) is taken")
        self._cells[row][column] = self._turn
        self._turn = "O" if self._turn == "X" else "X"

    def is_full(self):
        return all(cell is not None for row in self._cells for cell in row)

    def __str__(self):
        return "\n".join("|".join(cell or " " for cell in row) for row in self._cells)
