# Recursion bomb inside the call: unbounded recursion raises RecursionError in the
# learner's process. Decision: like any exception the tested function raises, that is a
# failed test (tests_failed) whose message names RecursionError, not a crash.
def answer():
    return answer() + 1
