class StackEmpty(Exception):
    pass


class StackFull(Exception):
    pass


class Stack:
    def __init__(self, capacity=None):
        pass
