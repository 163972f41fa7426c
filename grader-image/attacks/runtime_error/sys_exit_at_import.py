# Forgery: sys.exit(0) while loading, hoping a clean exit counts as success. The module
# never finished loading, so this is a runtime_error.
import sys

sys.exit(0)


def answer():
    return 42
