import unittest

from solution import balanced


class BalancedBracketsTest(unittest.TestCase):
    def test_empty_string_is_balanced(self):
        self.assertEqual(balanced(""), True)

    def test_one_pair_of_each_kind(self):
        self.assertEqual([balanced(s) for s in ("()", "[]", "{}")], [True, True, True])

    def test_nested_brackets(self):
        self.assertEqual(balanced("{[()()]}"), True)

    def test_other_characters_are_ignored(self):
        self.assertEqual(balanced("def f(x): return {'a': [x, (1 + 2)]}"), True)

    def test_mismatched_kinds_are_not_balanced(self):
        self.assertEqual([balanced(s) for s in ("(]", "{)", "[}")], [False, False, False])

    def test_crossed_brackets_are_not_balanced(self):
        self.assertEqual(balanced("([)]"), False)

    def test_unclosed_opening_bracket_is_not_balanced(self):
        self.assertEqual(balanced("(()"), False)

    def test_closing_before_opening_is_not_balanced(self):
        self.assertEqual([balanced(s) for s in (")(", "())", "a]")], [False, False, False])
