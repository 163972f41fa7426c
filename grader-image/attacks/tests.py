# The one hidden test file every attack is graded against (see README.md here).
# Every submission under attacks/ except passed/ is wrong or hostile: a sound sandbox
# never lets it reach `answer() == 42`.
import unittest

from solution import answer


class Answer(unittest.TestCase):
    def test_answer(self):
        self.assertEqual(answer(), 42)
