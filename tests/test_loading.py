import datetime

import pytest

from palais.errors import InputError
from palais.loading import BadDate, load_meeting, load_text


def test_positions_of_values_and_keys():
    source = load_text("a: 1\nb:\n  c: [x, y]\n", "m.yaml")
    assert source.data == {"a": 1, "b": {"c": ["x", "y"]}}
    assert source.where(("b", "c", 1)) == "m.yaml:3:10"
    assert source.where(("b", "c"), key=True) == "m.yaml:3:3"
    # an unknown path falls back to its nearest known parent
    assert source.where(("b", "zz")) == "m.yaml:3:3"


def test_dates_are_dates_and_bad_dates_are_kept_for_validation():
    source = load_text("good: 2013-06-28\nbad: 2013-02-30\n")
    assert source.data["good"] == datetime.date(2013, 6, 28)
    assert isinstance(source.data["bad"], BadDate)
    assert "day is out of range" in source.data["bad"].reason


@pytest.mark.parametrize("text, message", [
    ("a: [1, 2\n", "x.yaml:2:1: YAML syntax: did not find expected ','"),
    ("a: 1\na: 2\n", "x.yaml:2:1: a: key written twice"),
    ("a: b: c\n", "x.yaml:1:5: YAML syntax: mapping values are not allowed"),
    ("a: !!python/object:os.system x\n", "x.yaml:1:4"),
    ("? [a]\n: 1\n", "a mapping key must be plain text"),
])
def test_syntax_errors_name_file_line_and_column(text, message):
    with pytest.raises(InputError) as caught:
        load_text(text, "x.yaml")
    assert message in str(caught.value)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_meeting(tmp_path / "absent.yaml")


def test_text_stays_text():
    source = load_text('t: "{{ x }} & <b>"\n')
    assert source.data["t"] == "{{ x }} & <b>"


def test_yaml_s_own_reader_compiles_its_check_when_used_and_refuses_the_same():
    from deferral import both_ways
    # pyyaml's pure-Python loader, which reads with the check Palais defers, and the
    # meeting-file loader: where Palais imported yaml, and where yaml was imported
    # first, its patterns compiled as it made them.
    program = (
        "import yaml\n"
        "from palais.loading import load_text\n"
        "found = [type(yaml.reader.Reader.NON_PRINTABLE).__name__]\n"
        "for text in ('a: b\\x07c\\n', 'a: \\ufffe\\n', 'a: ok\\n'):\n"
        "    try:\n"
        "        found.append(repr(yaml.load(text, Loader=yaml.SafeLoader)))\n"
        "    except yaml.reader.ReaderError as exc:\n"
        "        found.append((exc.position, exc.character))\n"
        "    try:\n"
        "        found.append(repr(load_text(text, 'm.yaml').data))\n"
        "    except Exception as exc:\n"
        "        found.append(str(exc))\n"
        "print(repr(found))\n")
    deferred, compiled = both_ways(program, "import palais.loading")
    assert deferred[0] == "Deferred" and compiled[0] == "Pattern"
    assert deferred[1:] == compiled[1:]
    assert deferred[1] == (4, 7) and "U+0007" in deferred[2] and deferred[5] == "{'a': 'ok'}"


def test_loading_keeps_no_node_and_gives_each_scalar_its_value():
    from palais import loading
    text = ("title: Réunion\nyear: 2017\nopen: true\nratio: 0.5\nwhen: 2017-10-10\n"
            "none: ~\nquoted: '12'\nlist: [a, 1, no]\nbad: 2013-02-30\n")
    for _ in range(3):
        data = load_text(text, "m.yaml").data
    assert data == {"title": "Réunion", "year": 2017, "open": True, "ratio": 0.5,
                    "when": datetime.date(2017, 10, 10), "none": None, "quoted": "12",
                    "list": ["a", 1, "no"], "bad": "2013-02-30"}
    assert isinstance(data["bad"], BadDate)
    with pytest.raises(InputError):
        load_text("n: !!int twelve\n", "m.yaml")
    # the constructor forgets every node once it has made its value, whatever happened
    assert not loading._scalars.constructed_objects and not loading._scalars.recursive_objects
