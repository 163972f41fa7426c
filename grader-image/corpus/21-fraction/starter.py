class Fraction:
    def __init__(self, numerator, denominator=1):
        pass
