# A crash of the learner's interpreter inside the tested call (ctypes reads address 1,
# SIGSEGV). The process dies while being tested: runtime_error, and the next run is fine.
import ctypes


def answer():
    return ctypes.string_at(1, 16)
