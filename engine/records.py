"""Frozen dataclasses whose comparison, hash and text are shared, not made per class.

``dataclasses.dataclass`` writes the source of each method of each class and
compiles it: for the forty classes of the model and the style sheet, a tenth of
a second of the import of every run, both processes of a build included. Here
``dataclass(frozen=True)`` makes what is particular to a class (its ``__init__``,
its frozen ``__setattr__``), and the class shares one ``__eq__``, ``__hash__``
and ``__repr__`` that do what the generated ones do: equal when of the same
class with equal fields (those compared), the hash of those fields, and
``Name(field=value, ...)`` of the fields shown.
"""
from __future__ import annotations

import dataclasses
from operator import attrgetter


def record(cls):
    """``dataclass(frozen=True)`` for ``cls``, with the shared methods."""
    cls = dataclasses.dataclass(frozen=True, eq=False, repr=False)(cls)
    fields = dataclasses.fields(cls)
    cls._compared = staticmethod(_values([f.name for f in fields if f.compare]))
    cls._hashed = staticmethod(_values([f.name for f in fields
                                        if (f.compare if f.hash is None else f.hash)]))
    cls._shown = tuple(f.name for f in fields if f.repr)
    cls.__eq__, cls.__hash__, cls.__repr__ = _eq, _hash, _repr
    return cls


def _values(names: list):
    """Return the function giving an object's values of ``names``, as a tuple."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda item: (one(item),)
    return lambda item: ()


def _eq(self, other):
    if other.__class__ is self.__class__:
        return self._compared(self) == other._compared(other)
    return NotImplemented


def _hash(self):
    return hash(self._hashed(self))


def _repr(self):
    return f"{self.__class__.__qualname__}(" + ", ".join(
        f"{name}={getattr(self, name)!r}" for name in self._shown) + ")"
