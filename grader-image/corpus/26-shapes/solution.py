import math


def _check_size(*sizes):
    if any(size < 0 for size in sizes):
        raise ValueError("sizes cannot be negative")


class Shape:
    @property
    def area(self):
        raise NotImplementedError("a plain Shape has no area")

    @property
    def perimeter(self):
        raise NotImplementedError("a plain Shape has no perimeter")


class Rectangle(Shape):
    def __init__(self, width, height):
        _check_size(width, height)
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

    def __hash__(self):
        return hash((self.width, self.height))

    def __str__(self):
        return f"Rectangle({self.width} x {self.height})"


class Square(Rectangle):
    def __init__(self, side):
        super().__init__(side, side)

    def __str__(self):
        return f"Square({self.width})"


class Circle(Shape):
    def __init__(self, radius):
        _check_size(radius)
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
    best = None
    for shape in shapes:
        if best is None or shape.area > best.area:
            best = shape
    return best
