"""Tests for engine/records.py: records make, compare, refuse and copy as frozen dataclasses."""
import dataclasses
import pickle
from dataclasses import field

import pytest

from palais import records
from palais.records import record


@record
class Sample:
    name: str
    count: int = 2
    tags: list = field(default_factory=list)
    seen: int = field(default=0, compare=False, repr=False)
    flag: bool = field(default=False, kw_only=True)


# The class dataclass(frozen=True) makes of the same fields.
Twin = dataclasses.make_dataclass("Twin", [
    (f.name, f.type, field(default=f.default, default_factory=f.default_factory,
                           compare=f.compare, repr=f.repr, kw_only=f.kw_only))
    for f in dataclasses.fields(Sample)], frozen=True)


CALLS = [(("a",), {}), (("a", 5), {}), (("a", 5, [1]), {"flag": True}),
         ((), {"name": "b", "seen": 3}), (("a",), {"count": 7, "tags": ["x"], "seen": 1})]


@pytest.mark.parametrize("args, kwargs", CALLS)
def test_a_record_is_made_as_the_frozen_dataclass_of_its_fields(args, kwargs):
    made, twin = Sample(*args, **kwargs), Twin(*args, **kwargs)
    assert vars(made) == vars(twin)
    assert repr(made) == repr(twin).replace("Twin", "Sample")
    hashable = dataclasses.replace(made, tags=())
    assert hash(hashable) == hash(dataclasses.replace(twin, tags=()))
    with pytest.raises(TypeError):
        hash(made)                    # a list among the fields: neither hashes
    assert made == Sample(*args, **kwargs) and made != Sample("other")
    assert dataclasses.replace(made, count=9).count == 9
    assert pickle.loads(pickle.dumps(made)) == made


def test_a_record_refuses_what_the_dataclass_refuses():
    for call in (lambda k: k(), lambda k: k("a", 1, [], 0, True), lambda k: k("a", colour=1),
                 lambda k: k("a", name="b")):
        with pytest.raises(TypeError):
            call(Twin)
        with pytest.raises(TypeError):
            call(Sample)
    made = Sample("a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.count = 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        del made.name
    assert Sample("a").tags is not Sample("a").tags           # a new list each time
    assert made.seen == 0 and Sample("a", seen=5) == made      # not compared


def test_fields_in_an_order_init_cannot_take_are_refused_when_declared():
    with pytest.raises(TypeError, match="'second' follows default argument 'first'"):
        @record
        class Wrong:
            first: int = 0
            second: int
    with pytest.raises(TypeError, match="cannot have a field named 'self'"):
        @record
        class Odd:
            self: int = 0

    @record
    class Named:                       # a field named as a local of dataclass's __init__
        fields: tuple = ()
    assert Named(fields=(1,)).fields == (1,) and Named((2,)).fields == (2,)


def test_a_modules_inits_are_written_together_when_one_of_its_records_is_first_made():
    @record
    class One:
        value: int

    @record
    class Other:
        value: str = "x"
        extra: tuple = ()

    @record
    class Elsewhere:
        __module__ = "another.module"
        value: int = 0

    waiting = (One, Other, Elsewhere)
    assert all(kind.__init__ is records._first_init for kind in waiting)
    # made without __init__ (as unpickling makes it), nothing is written
    unmade = object.__new__(One)
    unmade.__dict__["value"] = 1
    assert One.__init__ is records._first_init
    # the first record made writes those of its module, and only those
    assert unmade == One(1)
    assert One.__init__ is not records._first_init
    assert Other.__init__ is not records._first_init
    assert Other.__init__.__qualname__.endswith("Other.__init__")
    assert Elsewhere.__init__ is records._first_init and Elsewhere in records._PENDING
    assert One not in records._PENDING and Other not in records._PENDING
    assert vars(Other()) == {"value": "x", "extra": ()} and Elsewhere(3).value == 3
    assert Elsewhere not in records._PENDING

    @record
    class Later:
        value: int = 4
    assert Later().value == 4          # declared after the others were written


def test_a_class_deriving_from_a_record_of_another_module_is_made_with_its_init():
    @record
    class Base:
        __module__ = "a.third.module"
        value: int = 0

    class Derived(Base):
        pass

    assert vars(Derived(5)) == {"value": 5} and Derived(5) != Base(5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        Derived().other = 1


def test_a_record_keeps_the_dataclass_parameters_of_a_frozen_one():
    params = Sample.__dataclass_params__
    assert params.frozen and params.init and not params.eq and not params.repr
    assert [f.name for f in dataclasses.fields(Sample)] == ["name", "count", "tags", "seen",
                                                            "flag"]
    assert Sample.__match_args__ == Twin.__match_args__
    assert Sample.__doc__ == "Sample(name, count, tags, seen, flag)"
