# An indentation error (a subclass of SyntaxError): syntax_error, with its line.
def answer():
return 42
