# An exception whose message holds a lone surrogate, NUL and bidi controls: text that strict
# JSON and Postgres cannot carry. The failing test must be reported as tests_failed with
# the message made storable, not lost as an unreadable report.
def answer():
    raise ValueError("\ud800 half a pair \x00 nul \u202e reversed \udfff")
