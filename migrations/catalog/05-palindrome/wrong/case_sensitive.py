def is_palindrome(s):
    letters = [c for c in s if c.isalpha()]
    return letters == letters[::-1]
