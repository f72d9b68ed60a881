"""A valid meeting file normalised without cerberus (palais.acceptance), compared with cerberus."""
import copy
import datetime
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from palais.loading import load_meeting
from palais.manifests import load_report
from palais.acceptance import TYPES, accept
from palais.rules import load_schema

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
FILES = sorted(p for p in [*EXAMPLES.glob("*.yaml"), *EXAMPLES.glob("*/*.yaml")]
               if p.parent.name != "custom-kind")
SMALL = [EXAMPLES / name for name in ("ga-letter-lima-2013.yaml", "ga-note-hearings-2006.yaml",
                                      "meeting-page-geneva-2017.yaml", "starter-chair-summary.yaml",
                                      "en/co-signed-letter.yaml", "en/joint-ga-sc-letter.yaml")]


def _kind(path):
    data = load_meeting(path).data
    names = load_report(data["report"]).schemas
    folder = path.resolve().parent
    return (data, load_schema(names), load_schema(["definitions"]),
            {"base_dir": folder, "image_roots": [folder]}, list(names) + ["definitions"])


KINDS = {}


def kind(path):
    if path not in KINDS:
        KINDS[path] = _kind(path)
    return KINDS[path]


def cerberus(data, schema, definitions, config, names):
    """Return the data cerberus normalises (as palais.validation asks it), or None."""
    from palais.validation import _validate_with_cerberus
    source = load_meeting(EXAMPLES / "ga-letter-lima-2013.yaml")    # places of the problems
    normal, problems = _validate_with_cerberus(source, data, schema, definitions, names,
                                               config, None)
    return None if problems else normal


def ordered(value):
    """``value`` with the order of every mapping's keys, and the types, kept."""
    if isinstance(value, dict):
        return ("dict", [(key, ordered(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [ordered(item) for item in value])
    return (type(value).__name__, value)


def test_the_types_are_those_of_cerberus():
    from cerberus import Validator

    def flat(types):
        for entry in types:
            yield from flat(entry) if isinstance(entry, tuple) else (entry,)
    for name, (included, excluded) in TYPES.items():
        theirs = Validator.types_mapping[name]
        assert set(flat(included)) == set(flat(theirs.included_types)), name
        assert set(flat(excluded)) == set(flat(theirs.excluded_types)), name


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_example_is_accepted_as_cerberus_normalises_it(path):
    data, schema, definitions, config, names = kind(path)
    before = copy.deepcopy(data)
    fast = accept(data, schema, definitions, config)
    assert fast is not None, "a valid example left to cerberus"
    assert data == before, "the loaded data were changed"
    assert ordered(fast) == ordered(cerberus(data, schema, definitions, config, names))


def _paths(value, at=()):
    yield at
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, at + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, at + (index,))


_VALUES = [None, "", "x", "Some words.", 0, 2, -1, 1.5, True, False, [], {}, ["x"], [None],
           {"text": "x"}, {"heading": "x"}, {"text": "x", "heading": "y"}, {"unknown": 1},
           datetime.date(2017, 10, 3), "2017-10-03", "9:30", "25:00", 630, "en", "xx",
           "A/68/1", [{"text": "x"}], {"x": "y"}]


@st.composite
def altered(draw):
    """An example with one to three of its values changed, removed or added to."""
    path = draw(st.sampled_from(SMALL))
    data = copy.deepcopy(kind(path)[0])
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(data) if p]
        where = draw(st.sampled_from(paths))
        parent = data
        for step in where[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["set", "set", "set", "remove", "add"]))
        if action == "remove":
            del parent[where[-1]]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["text", "id", "numbered", "extra", "heading", "note"]))] = \
                copy.deepcopy(draw(st.sampled_from(_VALUES)))
        elif action == "add":
            parent.insert(where[-1], copy.deepcopy(draw(st.sampled_from(_VALUES))))
        else:
            parent[where[-1]] = copy.deepcopy(draw(st.sampled_from(_VALUES)))
    return path, data


@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(altered())
def test_what_is_accepted_cerberus_accepts_and_normalises_alike(case):
    path, data = case
    _, schema, definitions, config, names = kind(path)
    fast = accept(data, schema, definitions, config)
    theirs = cerberus(data, schema, definitions, config, names)
    if fast is not None:
        assert theirs is not None, "accepted a file cerberus refuses"
        assert ordered(fast) == ordered(theirs)


def test_altered_files_are_accepted_when_valid_and_left_to_cerberus_when_not():
    # the property above is not met by refusing everything
    data, schema, definitions, config, names = kind(EXAMPLES / "ga-letter-lima-2013.yaml")
    changed = copy.deepcopy(data)
    changed["annexes"][0]["paragraphs"][0] = "Another first paragraph."   # plain text: coerced
    fast = accept(changed, schema, definitions, config)
    assert fast is not None and fast["annexes"][0]["paragraphs"][0] == \
        {"text": "Another first paragraph.", "numbered": True}
    assert ordered(fast) == ordered(cerberus(changed, schema, definitions, config, names))
    changed["annexes"][0]["paragraphs"][0] = {"text": "x", "heading": "y"}  # excludes each other
    assert accept(changed, schema, definitions, config) is None
    assert cerberus(changed, schema, definitions, config, names) is None


def test_a_valid_file_is_composed_without_importing_cerberus():
    code = ("import sys, palais; palais._compose(sys.argv[1]); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'cerberus'))")
    letter = str(EXAMPLES / "ga-letter-lima-2013.yaml")
    # the first run checks the style sheet and manifest (and keeps them checked)
    runs = [subprocess.run([sys.executable, "-c", code, letter], capture_output=True, text=True,
                           check=True).stdout.strip() for _ in range(2)]
    assert runs[1] == "[]"


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=altered())
def test_an_altered_file_is_valid_or_refused_with_its_problems(case, tmp_path):
    # never a crash of cerberus (an internal error): a list where a mapping of a
    # named schema is expected made it look the name up as rules
    import yaml

    from palais.errors import ValidationError
    from palais.validation import validate_meeting
    path, data = case
    written = tmp_path / path.name
    written.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    names = load_report(kind(path)[0]["report"]).schemas
    try:
        validate_meeting(load_meeting(written), names)
    except ValidationError as exc:
        assert exc.problems and all(problem.startswith(str(written)) for problem in exc.problems)


def test_a_list_where_a_mapping_is_expected_is_a_problem_of_its_place(tmp_path):
    from palais.errors import ValidationError
    from palais.validation import validate_meeting
    source = (EXAMPLES / "en" / "joint-ga-sc-letter.yaml").read_text(encoding="utf-8")
    first = "    - {number: 31, list: preliminary, list-symbol: A/80/50, title: Prevention"
    assert first in source
    bad = tmp_path / "bad.yaml"
    bad.write_text(source.replace(first, "    - [x]\n" + first, 1), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        validate_meeting(load_meeting(bad), load_report("ga-letter").schemas)
    assert f"{bad}:18:7: document.agenda-items[0]: expected a mapping of keys, got a list" in \
        caught.value.problems
