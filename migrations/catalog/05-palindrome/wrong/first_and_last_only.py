def is_palindrome(s):
    letters = [c.lower() for c in s if c.isalpha()]
    return letters[0] == letters[-1] if letters else True
