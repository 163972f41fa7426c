# Forgery: a class whose metaclass claims the class equals every type and that every
# object is an instance of it, and whose objects claim to be ints (__class__). The tests'
# side never asks the learner's metaclass: the object is a local stand-in of its class.
class Everything(type):
    def __eq__(cls, other):
        return True

    __hash__ = type.__hash__

    def __instancecheck__(cls, instance):
        return True

    def __subclasscheck__(cls, subclass):
        return True


class Number(metaclass=Everything):
    @property
    def __class__(self):
        return int

    def __eq__(self, other):
        return True

    __hash__ = object.__hash__


def answer():
    return Number()
