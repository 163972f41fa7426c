"""Tests of the learner's objects crossing to the tests (runner_remote.py, runner_proxies.py):
``python3 grader-image/runner/test_objects.py``, run like test_runner.py.

Each test grades a submission against hidden tests written as a teacher would, through the
real runner; the ones under ``Guarantee`` are submissions that must not pass. The process
backend mounts this directory in the sandbox: nothing here may read like the attack suite's
hidden test, which attacks/tests_failed/read_hidden_tests.py searches every file for.
"""

import json
import sys
import unittest

# test_runner is imported from the runner's read-only directory: no bytecode beside it.
sys.dont_write_bytecode = True
from test_runner import VerdictChecks, run_runner  # noqa: E402

BANK = '''
class InsufficientFunds(ValueError):
    def __init__(self, missing):
        super().__init__(f"{missing} missing")
        self.missing = missing

class Account:
    """An account."""
    currency = "EUR"

    def __init__(self, owner, balance=0):
        self.owner = owner
        self._balance = balance

    @property
    def balance(self):
        return self._balance

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("amount must be positive")
        self._balance += amount
        return self

    def withdraw(self, amount):
        if amount > self._balance:
            raise InsufficientFunds(amount - self._balance)
        self._balance -= amount

    @classmethod
    def empty(cls, owner):
        return cls(owner)

    @staticmethod
    def rate():
        return 0.5

    def __eq__(self, other):
        return isinstance(other, Account) and other.owner == self.owner

    def __hash__(self):
        return hash(self.owner)

    def __str__(self):
        return f"{self.owner}: {self._balance} {self.currency}"

    def __repr__(self):
        return f"Account({self.owner!r}, {self._balance})"

class Savings(Account):
    def add_interest(self):
        self._balance += self._balance * self.rate()
'''

BANK_TESTS = '''
import unittest
import solution
from solution import Account, InsufficientFunds, Savings

class Bank(unittest.TestCase):
    def setUp(self):
        self.account = Account("ann", 10)

    def test_attributes_and_properties(self):
        self.assertEqual(self.account.owner, "ann")
        self.assertEqual(self.account.balance, 10)
        self.assertEqual(Account.currency, "EUR")
        self.account.owner = "bob"
        self.assertEqual(self.account.owner, "bob")
        self.assertEqual(Account.__doc__, "An account.")

    def test_methods(self):
        self.assertIs(self.account.deposit(5), self.account)
        self.assertEqual(self.account.balance, 15)
        self.assertEqual(Account.empty("cy").balance, 0)
        self.assertEqual(Account.rate(), 0.5)

    def test_classes_are_local_classes(self):
        savings = Savings("dee", 100)
        savings.add_interest()
        self.assertEqual(savings.balance, 150)
        self.assertIsInstance(savings, Account)
        self.assertNotIsInstance(self.account, Savings)
        self.assertTrue(issubclass(Savings, Account))
        self.assertIs(type(Account.empty("x")), Account)
        self.assertIs(solution.Account, Account)

    def test_special_methods(self):
        self.assertEqual(str(self.account), "ann: 10 EUR")
        self.assertEqual(repr(self.account), "Account('ann', 10)")
        self.assertEqual(f"{self.account!s:>12}", " ann: 10 EUR")
        self.assertEqual(self.account, Account("ann", 3))
        self.assertNotEqual(self.account, Account("bob"))
        self.assertEqual(len({self.account, Account("ann"), Account("bob")}), 2)

    def test_exceptions(self):
        with self.assertRaises(ValueError):
            self.account.deposit(-1)
        with self.assertRaises(InsufficientFunds) as caught:
            self.account.withdraw(25)
        self.assertIsInstance(caught.exception, ValueError)
        self.assertEqual(caught.exception.missing, 15)
        self.assertEqual(str(caught.exception), "15 missing")
        with self.assertRaisesRegex(ValueError, "^15 missing$"):
            self.account.withdraw(25)
'''

SHAPES = '''
import math

class Vector:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y)

    def __mul__(self, factor):
        return Vector(self.x * factor, self.y * factor)

    __rmul__ = __mul__

    def __abs__(self):
        return math.hypot(self.x, self.y)

    def __eq__(self, other):
        return isinstance(other, Vector) and (self.x, self.y) == (other.x, other.y)

    def __lt__(self, other):
        return abs(self) < abs(other)

    def __iter__(self):
        yield self.x
        yield self.y

    def __len__(self):
        return 2

    def __getitem__(self, index):
        return (self.x, self.y)[index]

    def __repr__(self):
        return f"Vector({self.x}, {self.y})"

def countdown(n):
    while n > 0:
        yield n
        n -= 1

def make_adder(n):
    """Returns a function adding n."""
    return lambda x: x + n

def sort_in_place(values):
    values.sort()

def fill(grid, row, column, value):
    grid[row][column] = value

def tally(counts, words):
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    counts.pop("", None)

def odd_values():
    return [float("nan"), float("inf"), 2 ** 20000, frozenset({1}), range(3), set(), b"\\x00", 1j]

ORIGIN = Vector(0, 0)
'''

SHAPES_TESTS = '''
import math
import unittest
from solution import ORIGIN, Vector, countdown, fill, make_adder, odd_values, sort_in_place, tally

class Shapes(unittest.TestCase):
    def test_operators(self):
        self.assertEqual(Vector(1, 2) + Vector(3, 4), Vector(4, 6))
        self.assertEqual(Vector(1, 2) * 2, Vector(2, 4))
        self.assertEqual(3 * Vector(1, 2), Vector(3, 6))
        self.assertAlmostEqual(abs(Vector(3, 4)), 5.0)
        self.assertLess(Vector(1, 0), Vector(3, 4))
        self.assertEqual(sorted([Vector(3, 4), Vector(1, 0)]), [Vector(1, 0), Vector(3, 4)])
        self.assertEqual(ORIGIN, Vector(0, 0))

    def test_containers(self):
        vector = Vector(4, 6)
        self.assertEqual(list(vector), [4, 6])
        self.assertEqual(len(vector), 2)
        self.assertEqual(vector[1], 6)
        self.assertIn(4, vector)

    def test_generators(self):
        self.assertEqual(list(countdown(3)), [3, 2, 1])
        numbers = countdown(2)
        self.assertEqual(next(numbers), 2)
        self.assertEqual(next(numbers), 1)
        with self.assertRaises(StopIteration):
            next(numbers)
        for index, value in enumerate(countdown(3)):
            with self.subTest(index=index):
                self.assertEqual(value, 3 - index)

    def test_functions_returned(self):
        add_three = make_adder(3)
        self.assertEqual(add_three(4), 7)
        self.assertTrue(callable(add_three))
        self.assertEqual(make_adder.__name__, "make_adder")
        self.assertEqual(make_adder.__doc__, "Returns a function adding n.")

    def test_arguments_change_in_place(self):
        values = [3, 1, 2]
        sort_in_place(values)
        self.assertEqual(values, [1, 2, 3])
        pairs = [(2, "b"), (1, "a")]
        sort_in_place(pairs)
        self.assertEqual(pairs, [(1, "a"), (2, "b")])
        grid = [[0, 0], [0, 0]]
        row = grid[1]
        fill(grid, 1, 0, 5)
        self.assertEqual(grid, [[0, 0], [5, 0]])
        self.assertIs(grid[1], row)
        counts = {"": 1}
        tally(counts, words=["a", "b", "a"])
        self.assertEqual(counts, {"a": 2, "b": 1})

    def test_values_without_literals(self):
        nan, inf, big, frozen, numbers, empty, data, imaginary = odd_values()
        self.assertTrue(math.isnan(nan))
        self.assertEqual((inf, big, frozen, numbers, empty, data, imaginary),
                         (math.inf, 2 ** 20000, frozenset({1}), range(3), set(), b"\\x00", 1j))
'''


FUNCTIONS = '''
import functools

def apply_all(function, items):
    return [function(item) for item in items]

def compose(outer, inner):
    return lambda value: outer(inner(value))

def memoize(function):
    cache = {}

    @functools.wraps(function)
    def cached(*args):
        if args not in cache:
            cache[args] = function(*args)
        return cache[args]
    return cached

def error_name(function, *args):
    try:
        function(*args)
    except Exception as error:
        return type(error).__name__

def ignore_errors(function):
    try:
        function()
    except BaseException:
        pass

def call(function, value):
    return function(value)

class Box:
    def __init__(self, value):
        self.value = value
'''

FUNCTIONS_TESTS = '''
import unittest
from solution import Box, apply_all, call, compose, error_name, ignore_errors, memoize

class Functions(unittest.TestCase):
    def test_functions_of_the_tests_are_called_back(self):
        self.assertEqual(apply_all(lambda value: value * 2, [1, 2]), [2, 4])
        self.assertEqual(apply_all(str.upper, ["a"]), ["A"])
        self.assertEqual(compose(lambda value: value + 1, abs)(-2), 3)
        boxes = sorted([Box(3), Box(1)], key=lambda box: box.value)
        self.assertEqual([box.value for box in apply_all(lambda box: box, boxes)], [1, 3])
        identity = lambda value: value
        self.assertIs(apply_all(lambda value: identity, [1])[0], identity)

    def test_decorators(self):
        calls = []

        @memoize
        def square(value):
            """Squares."""
            calls.append(value)
            return value * value

        self.assertEqual([square(3), square(3), square(4)], [9, 9, 16])
        self.assertEqual(calls, [3, 4])
        self.assertEqual((square.__name__, square.__doc__), ("square", "Squares."))

    def test_exceptions_of_the_tests_functions(self):
        self.assertEqual(error_name(int, "x"), "ValueError")
        self.assertEqual(error_name(lambda: {}["key"]), "KeyError")

    def test_calls_nest(self):
        def down(value):
            return value if value == 0 else call(down, value - 1)
        self.assertEqual(call(down, 40), 0)
        with self.assertRaises(RecursionError):
            call(down, 100)
'''


STANDARD_VALUES = '''
import datetime
from decimal import Decimal
from fractions import Fraction

def total(prices):
    return sum(prices, Decimal("0"))

def half(value):
    return Fraction(value, 2)

def next_day(day):
    return day + datetime.timedelta(days=1)

def kind(value):
    return type(value).__name__
'''

STANDARD_VALUES_TESTS = '''
import datetime
import unittest
from decimal import Decimal
from fractions import Fraction
from solution import half, kind, next_day, total

class StandardValues(unittest.TestCase):
    def test_values_of_the_standard_library_cross_as_themselves(self):
        self.assertEqual(total([Decimal("1.10"), Decimal("2.20")]), Decimal("3.30"))
        self.assertEqual(str(total([Decimal("1.10")])), "1.10")
        self.assertEqual(half(3), Fraction(3, 2))
        self.assertEqual(next_day(datetime.date(2024, 2, 28)), datetime.date(2024, 2, 29))
        moment = datetime.datetime(2024, 1, 2, 3, 4, tzinfo=datetime.timezone.utc)
        self.assertEqual(next_day(moment), moment + datetime.timedelta(days=1))
        self.assertEqual([kind(Decimal(1)), kind(Fraction(1)), kind(moment)], ["Decimal", "Fraction", "datetime"])
'''


SHARING = '''
def take_pairs(items):
    while items:
        yield items[:2]
        del items[:2]

class Basket:
    def __init__(self, fruit):
        self.fruit = fruit

    def count(self):
        return len(self.fruit)

    def contents(self):
        return self.fruit

    def copy_of_contents(self):
        return list(self.fruit)

def same(values):
    return values
'''

SHARING_TESTS = '''
import unittest
from solution import Basket, same, take_pairs

class Sharing(unittest.TestCase):
    def test_an_argument_kept_and_changed_later(self):
        items = [1, 2, 3]
        self.assertEqual(list(take_pairs(items)), [[1, 2], [3]])
        self.assertEqual(items, [])

    def test_an_argument_kept_sees_the_tests_changes(self):
        fruit = ["apple"]
        basket = Basket(fruit)
        fruit.append("pear")
        self.assertEqual(basket.count(), 2)
        self.assertIs(basket.fruit, fruit)

    def test_a_container_given_is_the_learners_own(self):
        basket = Basket([])
        basket.contents().append("kiwi")
        self.assertEqual(basket.count(), 1)
        basket.copy_of_contents().append("fig")
        self.assertEqual(basket.count(), 1)
        self.assertEqual(basket.fruit, ["kiwi"])

    def test_the_same_object_back(self):
        values = [1]
        self.assertIs(same(values), values)
'''


class LearnerObjects(VerdictChecks):
    """Hidden tests as a teacher writes them, with the learner's classes and objects."""

    def assertAllPass(self, code, tests):
        result, _, _ = run_runner(code, tests)
        failures = [test for test in result["tests"] if not test["passed"]]
        self.assertEqual(failures, [], result["feedback"])
        self.assertVerdict(result, "passed", None)

    def test_classes_objects_and_exceptions(self):
        self.assertAllPass(BANK, BANK_TESTS)

    def test_operators_generators_functions_and_arguments(self):
        self.assertAllPass(SHAPES, SHAPES_TESTS)

    def test_standard_values(self):
        self.assertAllPass(STANDARD_VALUES, STANDARD_VALUES_TESTS)

    def test_containers_both_sides_hold(self):
        self.assertAllPass(SHARING, SHARING_TESTS)

    def test_functions_of_the_tests(self):
        self.assertAllPass(FUNCTIONS, FUNCTIONS_TESTS)

    def test_a_wrong_class_fails_the_right_tests(self):
        wrong = BANK.replace("self._balance -= amount", "self._balance -= 2 * amount").replace(
            "raise InsufficientFunds(amount - self._balance)", "raise ValueError('no')")
        result, _, _ = run_runner(wrong, BANK_TESTS)
        self.assertVerdict(result, "failed", "tests_failed")
        failed = {test["name"]: test["message"] for test in result["tests"] if not test["passed"]}
        self.assertEqual(list(failed), ["test_exceptions"])
        self.assertEqual(failed["test_exceptions"], "ValueError: no (solution.py, line 27)")


class Guarantee(VerdictChecks):
    """No object of the learner's makes a failing test pass, or breaks the runner."""

    def assertFails(self, code, tests, verdict="tests_failed", every_test=True):
        result, _, _ = run_runner(code, tests)
        self.assertVerdict(result, "failed", verdict)
        if every_test:
            self.assertFalse(any(test["passed"] for test in result["tests"]), result)
        return result

    def test_objects_never_equal_plain_values(self):
        code = ("class Liar(int):\n    pass\n"
                "class Anything:\n    def __eq__(self, other):\n        return True\n"
                "    __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __contains__ = __eq__\n"
                "    __hash__ = object.__hash__\n    def __repr__(self):\n        return '42'\n"
                "def one():\n    return Anything()\n"
                "def several():\n    return [Anything(), Anything()]\n")
        tests = """
import unittest
from solution import one, several

class T(unittest.TestCase):
    def test_equal(self):
        self.assertEqual(one(), 42)

    def test_reflected(self):
        self.assertTrue(42 == one())

    def test_in_a_list(self):
        self.assertEqual(several(), [1, 2])

    def test_counted(self):
        self.assertCountEqual(several(), [1, 2])

    def test_ordered(self):
        self.assertLessEqual(one(), 42)

    def test_member(self):
        self.assertIn(one(), [42])
"""
        result = self.assertFails(code, tests)
        messages = {test["name"]: test["message"] for test in result["tests"]}
        self.assertEqual(messages["test_equal"], "42 (your Anything object) != 42")
        self.assertIn("'<=' not supported", messages["test_ordered"])

    def test_arithmetic_with_plain_values_gives_no_plain_value(self):
        # assertAlmostEqual computes round(abs(answer - 42.0), 7) == 0: every step with a
        # plain value must stay the learner's object, so no lying operator reaches 0.
        code = ("class Zero:\n"
                "    def __sub__(self, other):\n        return 0\n"
                "    __rsub__ = __abs__ = __round__ = __sub__\n"
                "class Sneaky:\n"
                "    def __sub__(self, other):\n        return Sneaky()\n"
                "    __rsub__ = __sub__\n"
                "    def __abs__(self):\n        return 0\n"
                "def zero():\n    return Zero()\n"
                "def sneaky():\n    return Sneaky()\n")
        tests = """
import unittest
from solution import sneaky, zero

class T(unittest.TestCase):
    def test_zero(self):
        self.assertAlmostEqual(zero(), 42.0)

    def test_zero_reflected(self):
        self.assertAlmostEqual(42.0, zero())

    def test_zero_within_delta(self):
        self.assertAlmostEqual(zero(), 42.0, delta=1)

    def test_sneaky(self):
        self.assertAlmostEqual(sneaky(), 42.0)
"""
        result = self.assertFails(code, tests)
        self.assertIn("must give one of your objects", result["tests"][0]["message"])

    def test_answers_must_have_the_type_python_promises(self):
        code = ("class Odd:\n"
                "    def __eq__(self, other):\n        return Odd()\n"
                "    __hash__ = object.__hash__\n"
                "    def __str__(self):\n        return 42\n"
                "    def __bool__(self):\n        return 1\n"
                "    def __len__(self):\n        return -1\n"
                "def odd():\n    return Odd()\n")
        tests = """
import unittest
from solution import odd

class T(unittest.TestCase):
    def test_equal(self):
        self.assertEqual(odd(), odd())

    def test_str(self):
        self.assertEqual(str(odd()), "42")

    def test_bool(self):
        self.assertTrue(odd())

    def test_len(self):
        self.assertEqual(len(odd()), -1)
"""
        self.assertFails(code, tests)

    def test_a_context_manager_swallows_only_its_own_exceptions(self):
        code = ("class Quiet:\n    def __enter__(self):\n        return self\n"
                "    def __exit__(self, kind, error, traceback):\n"
                "        print('exit', kind, error)\n        return True\n"
                "def fail():\n    raise KeyError('x')\n")
        tests = """
import unittest
from solution import Quiet, fail

class T(unittest.TestCase):
    def test_a_swallowed(self):
        with Quiet():
            fail()

    def test_not_swallowed(self):
        with Quiet():
            self.assertEqual(1, 2)
"""
        result, _, _ = run_runner(code, tests)
        outcomes = {test["name"]: test for test in result["tests"]}
        self.assertTrue(outcomes["test_a_swallowed"]["passed"], result)
        self.assertEqual(outcomes["test_not_swallowed"]["message"], "1 != 2")
        # The learner's process learns the kind of exception, never the tests' message.
        self.assertIn("exit <class 'AssertionError'> None", result["feedback"])

    def test_an_assertion_failing_in_a_tests_function_fails_the_test(self):
        # The learner's code swallows the AssertionError (it gets one without the
        # message, which names the expected value): the test fails all the same.
        code = ("seen = []\n"
                "def quietly(function):\n    try:\n        function()\n"
                "    except BaseException as error:\n        seen.append(str(error))\n"
                "def messages():\n    return seen\n")
        tests = """
import unittest
from solution import messages, quietly

class T(unittest.TestCase):
    def test_a_swallowed(self):
        quietly(lambda: self.assertEqual(41, 42))

    def test_b_message_stays_here(self):
        self.assertEqual(messages(), [""])
"""
        result, _, _ = run_runner(code, tests)
        outcomes = {test["name"]: test for test in result["tests"]}
        self.assertEqual(outcomes["test_a_swallowed"]["message"], "41 != 42")
        self.assertTrue(outcomes["test_b_message_stays_here"]["passed"], result)

    def test_a_call_of_a_function_never_passed_breaks_the_connection(self):
        code = ("import json, os, sys\n"
                "def one():\n"
                "    call = {'callback': 7, 'args': [], 'kwargs': []}\n"
                "    os.write(int(sys.argv[2]), (json.dumps(call) + '\\n').encode())\n"
                "    return 41\n")
        tests = "import unittest\nfrom solution import one\n" \
                "class T(unittest.TestCase):\n    def test(self):\n        self.assertEqual(one(), 42)\n"
        self.assertFails(code, tests, "runtime_error")

    def test_exceptions_unittest_treats_specially_do_not_cross(self):
        code = ("import unittest\nclass Skip(unittest.SkipTest):\n    pass\n"
                "class Interrupt(KeyboardInterrupt):\n    pass\n"
                "def skip():\n    raise Skip('skipped')\n"
                "def interrupt():\n    raise Interrupt()\n"
                "def leave():\n    raise SystemExit(0)\n")
        tests = """
import unittest
from solution import interrupt, leave, skip

class T(unittest.TestCase):
    def test_skip(self):
        skip()

    def test_interrupt(self):
        interrupt()

    def test_exit(self):
        leave()
"""
        result = self.assertFails(code, tests)
        self.assertEqual(len(result["tests"]), 3)

    def test_too_many_objects_at_once(self):
        code = "class Thing:\n    pass\ndef things(n):\n    return [Thing() for _ in range(n)]\n"
        tests = """
import unittest
from solution import things

class T(unittest.TestCase):
    def test_dropped_objects_are_released(self):
        for _ in range(30):
            self.assertEqual(len(things(1000)), 1000)

    def test_held(self):
        self.assertEqual(len(things(20000)), 20000)
"""
        result = self.assertFails(code, tests, "runtime_error", every_test=False)
        outcomes = {test["name"]: test for test in result["tests"]}
        self.assertTrue(outcomes["test_dropped_objects_are_released"]["passed"], result)
        self.assertIn("more than 10000", result["feedback"])

    def test_forged_handles_break_the_connection(self):
        # The learner's process several a call itself with a handle the tests were never
        # given, or with a class that claims a base the learner does not own.
        forged_class = {"newclass": 10 ** 6, "name": "Sneaky", "qualname": "Sneaky", "module": "solution",
                        "learner": True, "bases": [{"builtin": "int"}], "exception": None, "methods": {},
                        "special": [], "hashable": True, "doc": None}
        for value in [{"ref": 12345}, {"class": 99}, {"new": 0, "type": {"builtin": "int"}},
                      {"new": 10 ** 6, "type": forged_class}, {"x": 1}]:
            code = ("import json, os, sys\n"
                    "def one():\n"
                    f"    reply = {{'id': 1, 'ok': True, 'value': {json.dumps(value)!r}, 'stdout': ''}}\n"
                    "    reply['value'] = json.loads(reply['value'])\n"
                    "    os.write(int(sys.argv[2]), (json.dumps(reply) + '\\n').encode())\n"
                    "    return 41\n")
            tests = "import unittest\nfrom solution import one\n" \
                    "class T(unittest.TestCase):\n    def test(self):\n        self.assertEqual(one(), 42)\n"
            with self.subTest(value=value):
                self.assertFails(code, tests, "runtime_error")


if __name__ == "__main__":
    unittest.main()
