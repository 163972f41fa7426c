import unittest

from solution import Temperature


class TemperatureTest(unittest.TestCase):
    def setUp(self):
        self.temperature = Temperature(25)

    def test_default_is_freezing(self):
        self.assertEqual(Temperature().celsius, 0)

    def test_conversions(self):
        for celsius, fahrenheit, kelvin in [(0, 32, 273.15), (100, 212, 373.15), (-40, -40, 233.15)]:
            with self.subTest(celsius=celsius):
                temperature = Temperature(celsius)
                self.assertAlmostEqual(temperature.fahrenheit, fahrenheit)
                self.assertAlmostEqual(temperature.kelvin, kelvin)

    def test_setting_celsius(self):
        self.temperature.celsius = 30
        self.assertAlmostEqual(self.temperature.fahrenheit, 86)

    def test_setting_fahrenheit(self):
        self.temperature.fahrenheit = 212
        self.assertAlmostEqual(self.temperature.celsius, 100)

    def test_kelvin_is_read_only(self):
        with self.assertRaises(AttributeError):
            self.temperature.kelvin = 0

    def test_from_fahrenheit(self):
        body = Temperature.from_fahrenheit(98.6)
        self.assertIsInstance(body, Temperature)
        self.assertAlmostEqual(body.celsius, 37)

    def test_below_absolute_zero_in_constructor(self):
        with self.assertRaises(ValueError) as cm:
            Temperature(-300)
        self.assertIn("absolute zero", str(cm.exception))

    def test_below_absolute_zero_in_setters_keeps_the_value(self):
        with self.assertRaises(ValueError):
            self.temperature.celsius = -274
        with self.assertRaises(ValueError):
            self.temperature.fahrenheit = -500
        self.assertEqual(self.temperature.celsius, 25)

    def test_absolute_zero_itself_is_fine(self):
        self.assertAlmostEqual(Temperature(-273.15).kelvin, 0)

    def test_str(self):
        self.assertEqual(str(self.temperature), "25.0 °C")
        self.assertEqual(str(Temperature(21.46)), "21.5 °C")
        self.assertEqual(str(Temperature.from_fahrenheit(98.6)), "37.0 °C")
