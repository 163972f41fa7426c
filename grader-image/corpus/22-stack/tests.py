import unittest

from solution import Stack, StackEmpty, StackFull


class StackTest(unittest.TestCase):
    def setUp(self):
        self.stack = Stack()
        for item in ("a", "b", "c"):
            self.stack.push(item)

    def tearDown(self):
        while not self.stack.is_empty():
            self.stack.pop()
        self.assertEqual(len(self.stack), 0)

    def test_last_in_first_out(self):
        self.assertEqual(self.stack.pop(), "c")
        self.assertEqual(self.stack.pop(), "b")
        self.assertEqual(self.stack.pop(), "a")

    def test_push_returns_none(self):
        self.assertIsNone(self.stack.push("d"))
        self.assertEqual(len(self.stack), 4)

    def test_peek_does_not_remove(self):
        self.assertEqual(self.stack.peek(), "c")
        self.assertEqual(self.stack.peek(), "c")
        self.assertEqual(len(self.stack), 3)

    def test_is_empty(self):
        self.assertFalse(self.stack.is_empty())
        self.assertTrue(Stack().is_empty())

    def test_pop_from_empty_raises(self):
        empty = Stack()
        with self.assertRaises(StackEmpty):
            empty.pop()
        with self.assertRaises(StackEmpty):
            empty.peek()

    def test_none_and_containers_can_be_pushed(self):
        stack = Stack()
        stack.push([1, 2])
        stack.push(None)
        self.assertIsNone(stack.pop())
        self.assertEqual(stack.pop(), [1, 2])
        self.assertTrue(stack.is_empty())

    def test_capacity(self):
        small = Stack(capacity=2)
        small.push(1)
        small.push(2)
        with self.assertRaises(StackFull):
            small.push(3)
        self.assertEqual(len(small), 2)
        small.pop()
        small.push(3)
        self.assertEqual(small.peek(), 3)

    def test_exceptions_are_exceptions(self):
        self.assertTrue(issubclass(StackEmpty, Exception))
        self.assertTrue(issubclass(StackFull, Exception))
        self.assertIsNot(StackEmpty, StackFull)
