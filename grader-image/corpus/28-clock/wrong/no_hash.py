class Clock:
    def __init__(self, hour, minute):
        self.hour, self.minute = divmod((hour * 60 + minute) % 1440, 60)

    def add_minutes(self, minutes):
        return Clock(self.hour, self.minute + minutes)

    def __add__(self, minutes):
        return self.add_minutes(minutes)

    def __sub__(self, minutes):
        return self.add_minutes(-minutes)

    def __eq__(self, other):
        return (self.hour, self.minute) == (other.hour, other.minute)

    def __str__(self):
        return f"{self.hour:02d}:{self.minute:02d}"

    def __repr__(self):
        return f"Clock({self.hour}, {self.minute})"
