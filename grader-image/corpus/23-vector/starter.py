class Vector:
    def __init__(self, x, y):
        pass
