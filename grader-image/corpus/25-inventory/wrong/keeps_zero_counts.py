class OutOfStock(Exception):
    def __init__(self, item, requested, available):
        super().__init__(f"only {available} of {item!r} left, {requested} requested")
        self.item = item
        self.requested = requested
        self.available = available


class Inventory:
    def __init__(self):
        self._stock = {}

    def add(self, item, quantity=1):
        if quantity <= 0:
            raise ValueError("the quantity must be positive")
        self._stock[item] = self._stock.get(item, 0) + quantity

    def remove(self, item, quantity=1):
        available = self.count(item)
        if quantity > available:
            raise OutOfStock(item, quantity, available)
        self._stock[item] = available - quantity

    def count(self, item):
        return self._stock.get(item, 0)

    def items(self):
        return dict(self._stock)

    def __contains__(self, item):
        return item in self._stock

    def __len__(self):
        return len(self._stock)
