# Forgery: raises SystemExit(0) (what sys.exit(0) does) inside the tested call, hoping a
# clean exit looks like success. It is an exception of the call, so the test fails.
import sys


def answer():
    sys.exit(0)
