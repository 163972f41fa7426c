def is_palindrome(s):
    letters = [c.lower() for c in s if c.isalpha()]
    return letters == letters[::-1]
