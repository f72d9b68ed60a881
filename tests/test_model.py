"""Tests for engine/model.py: the document model's classes and helpers."""
import dataclasses
import inspect

import pytest

from palais import model as m

CLASSES = [c for _, c in inspect.getmembers(m, inspect.isclass)
           if dataclasses.is_dataclass(c) and c.__module__ == m.__name__]


@pytest.mark.parametrize("kind", CLASSES, ids=lambda c: c.__name__)
def test_each_model_class_is_one_with_fields_can_copy(kind):
    # with_fields copies the instance dictionary: it needs one, and no __init__ work.
    assert kind.__dataclass_params__.frozen
    assert not hasattr(kind, "__post_init__") and "__slots__" not in vars(kind)


def test_with_fields_gives_what_dataclasses_replace_gives():
    para = m.Para(content=(m.Text("l'Organisation"), m.Emph((m.Text("OIM"),))), number="3")
    changes = {"content": (m.Text("l\u2019Organisation"),)}
    copy = m.with_fields(para, changes)
    assert copy == dataclasses.replace(para, **changes) and type(copy) is m.Para
    assert para.content[0].text == "l'Organisation"          # the original is left as it was
    assert hash(copy) == hash(dataclasses.replace(para, **changes))
    with pytest.raises(dataclasses.FrozenInstanceError):
        copy.number = "4"
