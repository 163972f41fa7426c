def parse_duration(text):
    # TODO: return the number of seconds, or raise ValueError.
    pass
