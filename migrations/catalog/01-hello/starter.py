def hello():
    # Return the greeting here.
    pass
