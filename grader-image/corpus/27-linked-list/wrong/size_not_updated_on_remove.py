class Node:
    def __init__(self, value, next=None):
        self.value = value
        self.next = next


class LinkedList:
    def __init__(self, values=()):
        self.head = None
        self.size = 0
        for value in values:
            self.append(value)

    def append(self, value):
        self.size += 1
        if self.head is None:
            self.head = Node(value)
            return
        last = self.head
        while last.next is not None:
            last = last.next
        last.next = Node(value)

    def prepend(self, value):
        self.size += 1
        self.head = Node(value, self.head)

    def __len__(self):
        return self.size

    def __iter__(self):
        node = self.head
        while node is not None:
            yield node.value
            node = node.next

    def __contains__(self, value):
        return any(item == value for item in self)

    def __getitem__(self, index):
        if not 0 <= index < self.size:
            raise IndexError(f"index {index} out of range")
        node = self.head
        for _ in range(index):
            node = node.next
        return node.value

    def remove(self, value):
        previous, node = None, self.head
        while node is not None:
            if node.value == value:
                if previous is None:
                    self.head = node.next
                else:
                    previous.next = node.next
                return
            previous, node = node, node.next
        raise ValueError(f"{value!r} is not in the list")

    def reverse(self):
        previous, node = None, self.head
        while node is not None:
            node.next, previous, node = previous, node, node.next
        self.head = previous

    def __eq__(self, other):
        return list(self) == list(other)

    def __str__(self):
        return "[" + " -> ".join(str(value) for value in self) + "]"
