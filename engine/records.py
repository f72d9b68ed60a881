"""Frozen dataclasses whose methods are shared, or written for many classes at once.

``dataclasses.dataclass(frozen=True)`` writes the source of each method of each
class (``__init__``, ``__setattr__``, ``__delattr__``, ``__eq__``, ``__repr__``)
and compiles it, one compilation each: for the fifty classes of the model, the
style sheet and the fonts, 20-30 ms of the start of each process of a build,
before the first page is begun. Here ``record`` keeps what ``dataclass``
records of a class (its fields, parameters, ``__match_args__``) and gives it

- one ``__eq__``, ``__hash__`` and ``__repr__`` shared by every record, which do
  what the generated ones do: equal when of the same class with equal fields
  (those compared), the hash of those fields, ``Name(field=value, ...)`` of the
  fields shown;
- one ``__setattr__`` and ``__delattr__``, which refuse any attribute (a frozen
  dataclass's let a class deriving from it, not a dataclass, set its own);
- an ``__init__`` taking the arguments the generated one takes, written when a
  record is first made, for every record of its module, in one compilation.
  A process that only unpickles a module's records (the PDF writer's, fed the
  model by its helper) writes none of them.
"""
from __future__ import annotations

import dataclasses
import threading
from operator import attrgetter


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class _Frozen:
    """Made for its ``__dataclass_params__``: those of every record."""


_PENDING: list = []          # records whose __init__ is not written yet
_WRITING = threading.Lock()  # held while a record is added to them or they are written


def record(cls):
    """``dataclass(frozen=True)`` for ``cls``, with the shared methods."""
    # dataclass documents a class without a docstring by its signature, which
    # inspect works out slowly: a record is documented by its fields instead.
    undocumented = not cls.__doc__
    if undocumented:
        cls.__doc__ = cls.__name__
    cls = dataclasses.dataclass(init=False, eq=False, repr=False)(cls)
    cls.__dataclass_params__ = _Frozen.__dataclass_params__
    fields = dataclasses.fields(cls)
    if undocumented:
        cls.__doc__ = f"{cls.__name__}({', '.join(f.name for f in fields if f.init)})"
    _check_order(cls, fields)
    cls._compared = staticmethod(_values([f.name for f in fields if f.compare]))
    cls._hashed = staticmethod(_values([f.name for f in fields
                                        if (f.compare if f.hash is None else f.hash)]))
    cls._shown = tuple(f.name for f in fields if f.repr)
    cls.__eq__, cls.__hash__, cls.__repr__ = _eq, _hash, _repr
    cls.__setattr__, cls.__delattr__ = _refuse_set, _refuse_delete
    with _WRITING:
        cls.__init__ = _first_init
        _PENDING.append(cls)
    return cls


_TAKEN = ("self", "_own", "_FACTORY")      # names the written __init__ uses itself


def _check_order(cls, fields) -> None:
    """Refuse, when the class is declared, what dataclass's ``__init__`` refuses, and
    the field names the written ``__init__`` cannot take."""
    taken = [f.name for f in fields if f.name in _TAKEN]
    if taken:
        raise TypeError(f"{cls.__qualname__}: a record cannot have a field named {taken[0]!r}")
    defaulted = None
    for f in fields:
        if not f.init or f.kw_only:
            continue
        has_default = f.default is not dataclasses.MISSING or \
            f.default_factory is not dataclasses.MISSING
        if has_default:
            defaulted = f.name
        elif defaulted:
            raise TypeError(f"{cls.__qualname__}: non-default argument {f.name!r} "
                            f"follows default argument {defaulted!r}")


def _first_init(self, *args, **kwargs):
    """Write the ``__init__`` of every record of the module of ``self``'s class (or of
    the record it derives from) waiting for one, then make ``self``."""
    kind = type(self)            # a record, or a class deriving from one
    owner = next(k for k in kind.__mro__ if vars(k).get("__init__") is _first_init)
    write_inits(owner.__module__)
    kind.__init__(self, *args, **kwargs)


def write_inits(module: str) -> None:
    """Compile, in one go, the ``__init__`` of each record of ``module`` waiting for one
    (a process makes the records of few modules: the PDF writer's, of the fonts')."""
    with _WRITING:
        waiting = [cls for cls in _PENDING if cls.__module__ == module]
        if not waiting:
            return
        namespace = {"_FACTORY": _FACTORY}
        sources = [_init_source(cls, number, namespace) for number, cls in enumerate(waiting)]
        exec(compile("\n".join(sources), "<records>", "exec"), namespace)
        for number, cls in enumerate(waiting):
            init = namespace[f"_init_{number}"]
            init.__qualname__ = f"{cls.__qualname__}.__init__"
            init.__module__ = cls.__module__
            cls.__init__ = init
        _PENDING[:] = [cls for cls in _PENDING if cls.__module__ != module]


class _Factory:
    def __repr__(self):
        return "<factory>"


_FACTORY = _Factory()         # an argument left out whose default is made per record


def _init_source(cls, number: int, namespace: dict) -> str:
    """Return the source of ``cls``'s ``__init__``, named ``_init_<number>``; the
    defaults it names are put in ``namespace``."""
    positional, keyword, body = [], [], []
    for index, f in enumerate(dataclasses.fields(cls)):
        value = f.name
        if f.default_factory is not dataclasses.MISSING:
            namespace[f"_f{number}_{index}"] = f.default_factory
            if f.init:
                value = f"_f{number}_{index}() if {f.name} is _FACTORY else {f.name}"
                default = "=_FACTORY"
            else:
                value = f"_f{number}_{index}()"
        elif f.default is not dataclasses.MISSING:
            namespace[f"_d{number}_{index}"] = f.default
            default = f"=_d{number}_{index}"
            if not f.init:
                value = f"_d{number}_{index}"
        elif not f.init:
            continue                  # set by no one, as dataclass leaves it
        else:
            default = ""
        if f.init:
            (keyword if f.kw_only else positional).append(f.name + default)
        body.append(f"    _own[{f.name!r}] = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    params = ["self"] + positional + (["*"] + keyword if keyword else [])
    return (f"def _init_{number}({', '.join(params)}):\n    _own = self.__dict__\n"
            + "\n".join(body or ["    pass"]) + "\n")


def _refuse_set(self, name, value):
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _refuse_delete(self, name):
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


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
