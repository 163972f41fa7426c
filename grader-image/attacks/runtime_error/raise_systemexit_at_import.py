# Forgery: raise SystemExit (code None) while loading; same as sys.exit: runtime_error.
raise SystemExit


def answer():
    return 42
