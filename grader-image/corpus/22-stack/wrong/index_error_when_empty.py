class StackEmpty(Exception):
    pass


class StackFull(Exception):
    pass


class Stack:
    def __init__(self, capacity=None):
        self._items = []
        self._capacity = capacity

    def push(self, item):
        if self._capacity is not None and len(self._items) >= self._capacity:
            raise StackFull("the stack is full")
        self._items.append(item)

    def pop(self):
        return self._items.pop()

    def peek(self):
        return self._items[-1]

    def is_empty(self):
        return len(self._items) == 0

    def __len__(self):
        return len(self._items)
