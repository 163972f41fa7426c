def rotate(matrix):
    # TODO: turn `matrix` a quarter turn clockwise, in place.
    pass
