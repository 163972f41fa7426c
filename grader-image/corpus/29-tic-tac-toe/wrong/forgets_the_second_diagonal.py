class IllegalMove(Exception):
    pass


class Board:
    def __init__(self):
        self.cells = [[" "] * 3 for _ in range(3)]
        self.turn = "X"

    @property
    def winner(self):
        lines = [list(row) for row in self.cells]
        lines += [[self.cells[r][c] for r in range(3)] for c in range(3)]
        lines.append([self.cells[i][i] for i in range(3)])
        for line in lines:
            if line[0] != " " and line.count(line[0]) == 3:
                return line[0]
        return None

    def play(self, row, column):
        if self.winner is not None:
            raise IllegalMove("the game is over")
        if not (0 <= row < 3 and 0 <= column < 3):
            raise IllegalMove("off the board")
        if self.cells[row][column] != " ":
            raise IllegalMove("taken")
        self.cells[row][column] = self.turn
        self.turn = "O" if self.turn == "X" else "X"

    def is_full(self):
        return all(cell != " " for row in self.cells for cell in row)

    def __str__(self):
        return "\n".join("|".join(row) for row in self.cells)
