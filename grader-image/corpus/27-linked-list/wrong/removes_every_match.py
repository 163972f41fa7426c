class Node:
    def __init__(self, value, next=None):
        self.value = value
        self.next = next


class LinkedList:
    def __init__(self, values=()):
        self.head = None
        for value in values:
            self.append(value)

    def append(self, value):
        if self.head is None:
            self.head = Node(value)
            return
        last = self.head
        while last.next is not None:
            last = last.next
        last.next = Node(value)

    def prepend(self, value):
        self.head = Node(value, self.head)

    def __len__(self):
        return sum(1 for _ in self)

    def __iter__(self):
        node = self.head
        while node is not None:
            yield node.value
            node = node.next

    def __contains__(self, value):
        return any(item == value for item in self)

    def __getitem__(self, index):
        for position, value in enumerate(self):
            if position == index:
                return value
        raise IndexError(f"index {index} out of range")

    def remove(self, value):
        if value not in self:
            raise ValueError(f"{value!r} is not in the list")
        while self.head is not None and self.head.value == value:
            self.head = self.head.next
        node = self.head
        while node is not None and node.next is not None:
            if node.next.value == value:
                node.next = node.next.next
            else:
                node = node.next

    def reverse(self):
        previous, node = None, self.head
        while node is not None:
            node.next, previous, node = previous, node, node.next
        self.head = previous

    def __eq__(self, other):
        return list(self) == list(other)

    def __str__(self):
        return "[" + " -> ".join(str(value) for value in self) + "]"
