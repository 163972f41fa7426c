import math
import unittest

from solution import Circle, Rectangle, Shape, Square, largest


class HierarchyTest(unittest.TestCase):
    def test_every_shape_is_a_shape(self):
        for shape in (Rectangle(1, 2), Square(1), Circle(1)):
            with self.subTest(shape=str(shape)):
                self.assertIsInstance(shape, Shape)

    def test_a_square_is_a_rectangle(self):
        self.assertIsInstance(Square(2), Rectangle)
        self.assertNotIsInstance(Circle(2), Rectangle)
        self.assertTrue(issubclass(Square, Rectangle))

    def test_plain_shape_has_no_area(self):
        with self.assertRaises(NotImplementedError):
            Shape().area


class MeasureTest(unittest.TestCase):
    def test_rectangle(self):
        rectangle = Rectangle(3, 4)
        self.assertEqual(rectangle.area, 12)
        self.assertEqual(rectangle.perimeter, 14)

    def test_square(self):
        square = Square(3)
        self.assertEqual((square.width, square.height), (3, 3))
        self.assertEqual(square.area, 9)
        self.assertEqual(square.perimeter, 12)

    def test_circle(self):
        circle = Circle(2)
        self.assertAlmostEqual(circle.area, 4 * math.pi)
        self.assertAlmostEqual(circle.perimeter, 4 * math.pi)

    def test_area_is_read_only(self):
        with self.assertRaises(AttributeError):
            Square(2).area = 100

    def test_negative_sizes(self):
        for make in (lambda: Rectangle(-1, 2), lambda: Square(-3), lambda: Circle(-0.5)):
            with self.assertRaises(ValueError):
                make()


class ComparisonTest(unittest.TestCase):
    def test_equality(self):
        self.assertEqual(Rectangle(2, 3), Rectangle(2, 3))
        self.assertNotEqual(Rectangle(2, 3), Rectangle(3, 2))
        self.assertEqual(Square(2), Rectangle(2, 2))

    def test_str(self):
        self.assertEqual(str(Rectangle(3, 4)), "Rectangle(3 x 4)")
        self.assertEqual(str(Square(3)), "Square(3)")
        self.assertEqual(str(Circle(2)), "Circle(2)")

    def test_largest_returns_the_shape_itself(self):
        shapes = [Square(3), Circle(2), Rectangle(2, 5)]
        self.assertIs(largest(shapes), shapes[1])

    def test_largest_first_on_a_tie(self):
        shapes = [Rectangle(1, 4), Square(2), Rectangle(4, 1)]
        self.assertIs(largest(shapes), shapes[0])

    def test_largest_of_nothing(self):
        self.assertIsNone(largest([]))

    def test_sorting_by_area(self):
        shapes = [Circle(1), Square(1), Rectangle(1, 2)]
        ordered = sorted(shapes, key=lambda shape: shape.area)
        self.assertEqual([str(shape) for shape in ordered], ["Square(1)", "Rectangle(1 x 2)", "Circle(1)"])
