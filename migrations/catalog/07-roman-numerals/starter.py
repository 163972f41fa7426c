def to_roman(n):
    # TODO: build the numeral from the largest symbol down.
    pass
