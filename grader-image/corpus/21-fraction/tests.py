import unittest

from solution import Fraction


class ConstructionTest(unittest.TestCase):
    def test_lowest_terms(self):
        cases = [
            ((6, 8), (3, 4)),
            ((2, -4), (-1, 2)),
            ((-3, -9), (1, 3)),
            ((0, 5), (0, 1)),
            ((7,), (7, 1)),
        ]
        for arguments, (numerator, denominator) in cases:
            with self.subTest(arguments=arguments):
                fraction = Fraction(*arguments)
                self.assertEqual(fraction.numerator, numerator)
                self.assertEqual(fraction.denominator, denominator)

    def test_zero_denominator(self):
        with self.assertRaises(ZeroDivisionError):
            Fraction(1, 0)


class ArithmeticTest(unittest.TestCase):
    def setUp(self):
        self.half = Fraction(1, 2)
        self.third = Fraction(1, 3)

    def test_equality(self):
        self.assertEqual(Fraction(6, 8), Fraction(3, 4))
        self.assertNotEqual(self.half, self.third)
        self.assertEqual(Fraction(4, 2), Fraction(2))
        self.assertTrue(Fraction(2, 4) == self.half)
        self.assertFalse(self.half == self.third)

    def test_addition(self):
        self.assertEqual(self.half + self.third, Fraction(5, 6))
        self.assertEqual(self.half + self.half, Fraction(1))

    def test_subtraction(self):
        self.assertEqual(self.third - self.half, Fraction(-1, 6))

    def test_multiplication(self):
        self.assertEqual(self.half * self.third, Fraction(1, 6))
        self.assertEqual(Fraction(2, 3) * Fraction(3, 2), Fraction(1))

    def test_division(self):
        self.assertEqual(self.half / self.third, Fraction(3, 2))
        with self.assertRaises(ZeroDivisionError):
            self.half / Fraction(0)

    def test_results_are_fractions(self):
        self.assertIsInstance(self.half + self.third, Fraction)
        self.assertIsInstance(self.half / self.third, Fraction)

    def test_operands_do_not_change(self):
        self.half + self.third
        self.assertEqual(str(self.half), "1/2")
        self.assertEqual(str(self.third), "1/3")


class ConversionTest(unittest.TestCase):
    def test_str(self):
        self.assertEqual(str(Fraction(3, 4)), "3/4")
        self.assertEqual(str(Fraction(-6, 8)), "-3/4")
        self.assertEqual(str(Fraction(1, -2)), "-1/2")
        self.assertEqual(str(Fraction(8, 4)), "2")

    def test_float(self):
        self.assertAlmostEqual(float(Fraction(1, 4)), 0.25)
        self.assertAlmostEqual(float(Fraction(1, 3)), 0.3333333, places=6)
