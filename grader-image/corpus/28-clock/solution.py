MINUTES_PER_DAY = 24 * 60


class Clock:
    def __init__(self, hour, minute):
        self.hour, self.minute = divmod((hour * 60 + minute) % MINUTES_PER_DAY, 60)

    def add_minutes(self, minutes):
        return Clock(self.hour, self.minute + minutes)

    def __add__(self, minutes):
        return self.add_minutes(minutes)

    def __sub__(self, minutes):
        return self.add_minutes(-minutes)

    def __eq__(self, other):
        if not isinstance(other, Clock):
            return NotImplemented
        return (self.hour, self.minute) == (other.hour, other.minute)

    def __hash__(self):
        return hash((self.hour, self.minute))

    def __str__(self):
        return f"{self.hour:02d}:{self.minute:02d}"

    def __repr__(self):
        return f"Clock({self.hour}, {self.minute})"
