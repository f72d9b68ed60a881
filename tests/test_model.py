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


def _nodes(value):
    """Every model node in ``value``, depth first."""
    if isinstance(value, (tuple, list)):
        for item in value:
            yield from _nodes(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value
        for field in dataclasses.fields(value):
            yield from _nodes(getattr(value, field.name))


def _twin(kind):
    """The class ``dataclass(frozen=True)`` makes of ``kind``'s fields."""
    return dataclasses.make_dataclass(kind.__name__, [
        (f.name, f.type, dataclasses.field(repr=f.repr, compare=f.compare, hash=f.hash))
        for f in dataclasses.fields(kind)], frozen=True)


def test_model_nodes_compare_hash_and_show_as_dataclasses_make_them():
    from pathlib import Path

    import palais
    from palais import styles
    examples = Path(__file__).resolve().parents[1] / "examples"
    composed = [palais.compose(examples / name) for name in
                ("iom-report-geneva-2017.yaml", "ga-letter-lima-2013.yaml",
                 "en/letter-annexing-report.yaml")]
    nodes = [node for c in composed for node in _nodes((c.document, c.sheet.page))]
    nodes += list(composed[0].sheet.styles.values())[:20]
    twins = {}
    for node in nodes:
        kind = type(node)
        twin = twins.setdefault(kind, _twin(kind))(
            **{f.name: getattr(node, f.name) for f in dataclasses.fields(kind)})
        assert repr(node) == repr(twin)
        try:
            assert hash(node) == hash(twin)
        except TypeError:          # a field that holds a dict: neither hashes
            with pytest.raises(TypeError):
                hash(twin)
    by_kind = {}
    for node in nodes:
        by_kind.setdefault(type(node), []).append(node)
    for kind, same in by_kind.items():
        for one, other in zip(same, same[1:] + same[:1]):
            make = twins[kind]
            values = lambda n: {f.name: getattr(n, f.name) for f in dataclasses.fields(kind)}
            assert (one == other) == (make(**values(one)) == make(**values(other)))
            assert one.__eq__(object()) is NotImplemented
    assert styles.ParaStyle in by_kind and styles.Page in by_kind and m.Para in by_kind
