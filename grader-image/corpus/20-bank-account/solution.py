class InsufficientFunds(ValueError):
    def __init__(self, balance, amount):
        super().__init__(f"cannot withdraw {amount} with a balance of {balance}")


class BankAccount:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self._balance = balance
        self._transactions = []

    @property
    def balance(self):
        return self._balance

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("a deposit must be positive")
        self._balance += amount
        self._transactions.append(("deposit", amount))

    def withdraw(self, amount):
        if amount <= 0:
            raise ValueError("a withdrawal must be positive")
        if amount > self._balance:
            raise InsufficientFunds(self._balance, amount)
        self._balance -= amount
        self._transactions.append(("withdrawal", amount))

    def statement(self):
        return list(self._transactions)
