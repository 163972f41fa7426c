import unittest

from solution import Vector


class VectorTest(unittest.TestCase):
    def test_coordinates(self):
        v = Vector(3, -4)
        self.assertEqual((v.x, v.y), (3, -4))

    def test_equality(self):
        self.assertEqual(Vector(1, 2), Vector(1, 2))
        self.assertNotEqual(Vector(1, 2), Vector(2, 1))
        self.assertNotEqual(Vector(1, 2), (1, 2))

    def test_addition_and_subtraction(self):
        self.assertEqual(Vector(1, 2) + Vector(3, 4), Vector(4, 6))
        self.assertEqual(Vector(1, 2) - Vector(3, 4), Vector(-2, -2))

    def test_results_are_new_vectors(self):
        a, b = Vector(1, 1), Vector(2, 2)
        total = a + b
        self.assertIsInstance(total, Vector)
        self.assertIsNot(total, a)
        self.assertEqual(a, Vector(1, 1))

    def test_scaling_on_either_side(self):
        self.assertEqual(Vector(1, -1) * 3, Vector(3, -3))
        self.assertEqual(3 * Vector(1, -1), Vector(3, -3))

    def test_length(self):
        self.assertAlmostEqual(abs(Vector(3, 4)), 5.0)
        self.assertAlmostEqual(abs(Vector(1, 1)), 2**0.5)
        self.assertEqual(abs(Vector(0, 0)), 0)

    def test_dot_product(self):
        self.assertEqual(Vector(1, 2).dot(Vector(3, 4)), 11)
        self.assertEqual(Vector(1, 0).dot(Vector(0, 1)), 0)

    def test_normalized(self):
        unit = Vector(3, 4).normalized()
        self.assertAlmostEqual(unit.x, 0.6)
        self.assertAlmostEqual(unit.y, 0.8)
        self.assertAlmostEqual(abs(unit), 1.0)

    def test_zero_vector_cannot_be_normalized(self):
        with self.assertRaises(ValueError):
            Vector(0, 0).normalized()

    def test_str_and_repr(self):
        self.assertEqual(str(Vector(1, 2)), "(1, 2)")
        self.assertEqual(repr(Vector(1, 2)), "Vector(1, 2)")
        self.assertEqual(f"{Vector(0.5, -1)}", "(0.5, -1)")
