def balanced(s):
    # TODO: remember the opening brackets you have seen and check each closing one.
    pass
