class Temperature:
    def __init__(self, celsius=0.0):
        if celsius < -273.15:
            raise ValueError("below absolute zero")
        self.celsius = celsius

    @classmethod
    def from_fahrenheit(cls, fahrenheit):
        return cls((fahrenheit - 32) * 5 / 9)

    @property
    def fahrenheit(self):
        return self.celsius * 9 / 5 + 32

    @fahrenheit.setter
    def fahrenheit(self, value):
        self.celsius = (value - 32) * 5 / 9

    @property
    def kelvin(self):
        return self.celsius + 273.15

    def __str__(self):
        return f"{self.celsius:.1f} °C"
