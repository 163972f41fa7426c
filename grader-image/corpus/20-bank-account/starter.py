class InsufficientFunds(ValueError):
    pass


class BankAccount:
    def __init__(self, owner, balance=0):
        pass
