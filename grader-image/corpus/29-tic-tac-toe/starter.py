class IllegalMove(Exception):
    pass


class Board:
    def __init__(self):
        pass
