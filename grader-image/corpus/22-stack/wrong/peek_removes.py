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
        if not self._items:
            raise StackEmpty("pop from an empty stack")
        return self._items.pop()

    def peek(self):
        return self.pop()

    def is_empty(self):
        return not self._items

    def __len__(self):
        return len(self._items)
