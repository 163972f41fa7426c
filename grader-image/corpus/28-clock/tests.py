import unittest

from solution import Clock

NORMALIZED = [
    ((8, 0), "08:00"),
    ((11, 9), "11:09"),
    ((24, 0), "00:00"),
    ((25, 0), "01:00"),
    ((100, 0), "04:00"),
    ((10, 75), "11:15"),
    ((0, 1723), "04:43"),
    ((0, -1), "23:59"),
    ((-1, 15), "23:15"),
    ((-25, -160), "20:20"),
]


class ClockTest(unittest.TestCase):
    def test_wraps_around(self):
        for (hour, minute), shown in NORMALIZED:
            with self.subTest(hour=hour, minute=minute):
                self.assertEqual(str(Clock(hour, minute)), shown)

    def test_attributes_are_normalized(self):
        clock = Clock(-1, 75)
        self.assertEqual((clock.hour, clock.minute), (0, 15))

    def test_repr(self):
        self.assertEqual(repr(Clock(8, 5)), "Clock(8, 5)")

    def test_add_minutes(self):
        self.assertEqual(str(Clock(10, 0).add_minutes(3)), "10:03")
        self.assertEqual(str(Clock(23, 30).add_minutes(45)), "00:15")
        self.assertEqual(str(Clock(0, 10).add_minutes(-20)), "23:50")

    def test_adding_makes_a_new_clock(self):
        clock = Clock(6, 0)
        later = clock.add_minutes(90)
        self.assertEqual(str(clock), "06:00")
        self.assertEqual(str(later), "07:30")
        self.assertIsInstance(later, Clock)

    def test_plus_and_minus(self):
        self.assertEqual(Clock(10, 0) + 61, Clock(11, 1))
        self.assertEqual(Clock(0, 0) - 1, Clock(23, 59))

    def test_equality(self):
        self.assertEqual(Clock(15, 37), Clock(15, 37))
        self.assertNotEqual(Clock(15, 36), Clock(15, 37))
        self.assertEqual(Clock(24, 0), Clock(0, 0))
        self.assertEqual(Clock(-1, 0), Clock(23, 0))

    def test_clocks_in_sets_and_dicts(self):
        times = {Clock(8, 0), Clock(32, 0), Clock(8, 1)}
        self.assertEqual(len(times), 2)
        meetings = {Clock(9, 0): "stand-up"}
        self.assertEqual(meetings[Clock(33, 0)], "stand-up")
