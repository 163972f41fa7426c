import unittest

from solution import Inventory, OutOfStock


class InventoryTest(unittest.TestCase):
    def setUp(self):
        self.inventory = Inventory()
        self.inventory.add("apple", 5)
        self.inventory.add("pear", 2)

    def test_counts(self):
        self.assertEqual(self.inventory.count("apple"), 5)
        self.assertEqual(self.inventory.count("pear"), 2)
        self.assertEqual(self.inventory.count("kiwi"), 0)

    def test_adding_more_of_an_item(self):
        self.inventory.add("apple")
        self.inventory.add("apple", 4)
        self.assertEqual(self.inventory.count("apple"), 10)

    def test_membership_and_length(self):
        self.assertIn("apple", self.inventory)
        self.assertNotIn("kiwi", self.inventory)
        self.assertEqual(len(self.inventory), 2)

    def test_removing_everything_takes_the_item_out(self):
        self.inventory.remove("pear", 2)
        self.assertNotIn("pear", self.inventory)
        self.assertEqual(len(self.inventory), 1)
        self.assertEqual(self.inventory.items(), {"apple": 5})

    def test_items_is_a_copy(self):
        items = self.inventory.items()
        self.assertEqual(items, {"apple": 5, "pear": 2})
        items["apple"] = 1000
        items["kiwi"] = 1
        self.assertEqual(self.inventory.count("apple"), 5)
        self.assertNotIn("kiwi", self.inventory)

    def test_out_of_stock(self):
        with self.assertRaises(OutOfStock) as cm:
            self.inventory.remove("pear", 3)
        error = cm.exception
        self.assertEqual((error.item, error.requested, error.available), ("pear", 3, 2))
        self.assertEqual(str(error), "only 2 of 'pear' left, 3 requested")
        self.assertEqual(self.inventory.count("pear"), 2)

    def test_unknown_item_is_out_of_stock(self):
        with self.assertRaises(OutOfStock) as cm:
            self.inventory.remove("kiwi")
        self.assertEqual(cm.exception.available, 0)

    def test_quantities_must_be_positive(self):
        for quantity in (0, -1):
            with self.subTest(quantity=quantity):
                self.assertRaises(ValueError, self.inventory.add, "apple", quantity)
        self.assertEqual(self.inventory.count("apple"), 5)
