def hello():
    return ""
