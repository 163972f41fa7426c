import unittest

from solution import BankAccount, InsufficientFunds


class BankAccountTest(unittest.TestCase):
    def setUp(self):
        self.account = BankAccount("Ada", 100)

    def test_owner_and_opening_balance(self):
        self.assertEqual(self.account.owner, "Ada")
        self.assertEqual(self.account.balance, 100)

    def test_default_balance_is_zero(self):
        self.assertEqual(BankAccount("Bob").balance, 0)

    def test_deposit_and_withdraw(self):
        self.account.deposit(50)
        self.account.withdraw(30)
        self.assertEqual(self.account.balance, 120)

    def test_withdraw_everything(self):
        self.account.withdraw(100)
        self.assertEqual(self.account.balance, 0)

    def test_overdrawing_raises_and_keeps_the_balance(self):
        with self.assertRaises(InsufficientFunds) as cm:
            self.account.withdraw(150)
        self.assertEqual(str(cm.exception), "cannot withdraw 150 with a balance of 100")
        self.assertEqual(self.account.balance, 100)

    def test_insufficient_funds_is_a_value_error(self):
        self.assertTrue(issubclass(InsufficientFunds, ValueError))
        with self.assertRaises(ValueError):
            self.account.withdraw(101)

    def test_amounts_must_be_positive(self):
        for amount in (0, -5):
            with self.subTest(amount=amount):
                with self.assertRaises(ValueError):
                    self.account.deposit(amount)
                with self.assertRaises(ValueError):
                    self.account.withdraw(amount)
        self.assertEqual(self.account.balance, 100)

    def test_balance_is_read_only(self):
        with self.assertRaises(AttributeError):
            self.account.balance = 1_000_000
        self.assertEqual(self.account.balance, 100)

    def test_statement(self):
        self.account.deposit(20)
        self.account.withdraw(5)
        with self.assertRaises(InsufficientFunds):
            self.account.withdraw(1000)
        self.assertEqual(self.account.statement(), [("deposit", 20), ("withdrawal", 5)])

    def test_each_account_has_its_own_statement(self):
        other = BankAccount("Grace", 10)
        self.account.deposit(1)
        other.deposit(2)
        self.assertEqual(self.account.statement(), [("deposit", 1)])
        self.assertEqual(other.statement(), [("deposit", 2)])
        self.assertIsInstance(other, BankAccount)
