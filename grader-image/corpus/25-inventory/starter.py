class OutOfStock(Exception):
    def __init__(self, item, requested, available):
        super().__init__()


class Inventory:
    def __init__(self):
        pass
