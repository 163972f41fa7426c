import math


class Shape:
    @property
    def area(self):
        raise NotImplementedError

    @property
    def perimeter(self):
        raise NotImplementedError


class Rectangle(Shape):
    def __init__(self, width, height):
        if width < 0 or height < 0:
            raise ValueError("sizes cannot be negative")
        self.width = width
        self.height = height

    @property
    def area(self):
        return self.width * self.height

    @property
    def perimeter(self):
        return 2 * (self.width + self.height)

    def __eq__(self, other):
        if not isinstance(other, Rectangle):
            return NotImplemented
        return (self.width, self.height) == (other.width, other.height)

    def __str__(self):
        return f"Rectangle({self.width} x {self.height})"


class Square(Rectangle):
    def __init__(self, side):
        super().__init__(side, side)

    def __str__(self):
        return f"Square({self.width})"


class Circle(Shape):
    def __init__(self, radius):
        if radius < 0:
            raise ValueError("sizes cannot be negative")
        self.radius = radius

    @property
    def area(self):
        return math.pi * self.radius**2

    @property
    def perimeter(self):
        return 2 * math.pi * self.radius

    def __str__(self):
        return f"Circle({self.radius})"


def largest(shapes):
    # Sorting puts the largest last, but on a tie the last of the equals wins.
    if not shapes:
        return None
    return sorted(shapes, key=lambda shape: shape.area)[-1]
