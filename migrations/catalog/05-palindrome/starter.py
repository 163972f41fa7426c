def is_palindrome(s):
    # TODO: keep only the letters, ignore case, then compare.
    pass
