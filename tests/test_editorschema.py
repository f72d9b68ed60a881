"""palais schema: the JSON Schema an editor checks meeting files with, from the cerberus
schemas, agreeing with what palais validate says."""
import datetime
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from palais import compose
from palais.cli import main
from palais.errors import ValidationError
from palais.loading import load_meeting

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*.yaml") if "templates" not in p.parts)
KINDS = ["ga-letter", "ga-note", "ga-report", "iom-summary-report", "meeting-page"]
STARTER = ROOT / "examples" / "starter-chair-summary.yaml"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def _schema(*args) -> dict:
    out = io.StringIO()
    assert main(["schema", *args], stdout=out) == 0
    return json.loads(out.getvalue())


def _typed(path) -> object:
    """The file's data as an editor's YAML server reads it: dates are their text."""
    return json.loads(json.dumps(load_meeting(path).data, default=lambda v: v.isoformat()
                                 if isinstance(v, datetime.date) else str(v)))


def _kind_and_extra(path):
    kind = re.search(r"^report: (\S+)", path.read_text(encoding="utf-8"), re.M).group(1)
    extra = ["--template-dir", str(path.parent / "templates")] if kind not in KINDS else []
    return kind, extra


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT / "examples")))
def test_every_example_is_valid_for_its_kinds_schema_and_for_any_kinds(path):
    kind, extra = _kind_and_extra(path)
    schema = _schema(kind, *extra)
    jsonschema.Draft202012Validator.check_schema(schema)
    data = _typed(path)
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []
    if not extra:
        every = _schema()
        assert list(jsonschema.Draft202012Validator(every).iter_errors(data)) == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT / "examples")))
def test_every_example_names_its_schema_for_the_editor(path):
    """The first line points the YAML language server at the schema file of the
    example's kind, kept in the repository and as ``palais schema`` prints it now."""
    kind, extra = _kind_and_extra(path)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = MODELINE.match(first)
    assert match, f"{path.name}: the first line names no schema"
    target = (path.parent / match.group(1)).resolve()
    assert target.is_file()
    assert json.loads(target.read_text(encoding="utf-8")) == _schema(kind, *extra), \
        f"{target} is out of date: run make schemas"


def test_the_schema_of_any_kind_is_kept_too():
    kept = ROOT / "schemas" / "json" / "meeting.json"
    assert json.loads(kept.read_text(encoding="utf-8")) == _schema()


def test_fields_carry_their_descriptions_defaults_and_formats():
    schema = _schema("ga-letter")
    document = schema["properties"]["document"]
    assert "A/68/95" in document["properties"]["symbol"]["description"]
    assert document["properties"]["date"] == {"description": "date of distribution",
                                              "type": "string", "format": "date",
                                              "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    assert document["properties"]["repeat-organ"]["default"] is False
    assert document["additionalProperties"] is False
    assert "document" in schema["required"] and "$defs" in schema


# Wrong inputs, each a change of the starter; cerberus (palais validate) and the JSON
# Schema must both refuse it. And right inputs written otherwise, both must accept.
WRONG = {
    "a typo'd key": ("document:\n", "documnt:\n"),
    "a typo'd key inside": ("  venue: Geneva", "  venu: Geneva"),
    "a language unknown": ("language: en", "language: xx"),
    "a word for a number": ("  session: 80", "  session: eighty"),
    "a required field missing": ("  date: 2025-06-30             # date of distribution\n", ""),
    "an addressee unknown": ("  to: secretary-general ", "  to: nobody "),
    "a number for a paragraph": ("      - Participants thanked the Government of Examplia for "
                                 "hosting the meeting.", "      - 42"),
    "no dates": ("  dates: [2025-05-20, 2025-05-21]", "  dates: []"),
    "a date in words": ("  date: 2025-06-25", "  date: 25 June 2025"),
    "a job number of another shape": ("  job-number: 25-00000 ", "  job-number: 2500000 "),
    "text and heading at once": ("      - Participants thanked the Government of Examplia for "
                                 "hosting the meeting.", "      - {text: a, heading: b}"),
    "a paragraph without text": ("      - Participants thanked the Government of Examplia for "
                                 "hosting the meeting.", "      - {numbered: false}"),
    "three meeting dates": ("  dates: [2025-05-20, 2025-05-21]",
                            "  dates: [2025-05-20, 2025-05-21, 2025-05-22]"),
    "a symbol of another shape": ("  symbol: A/80/000 ", "  symbol: a-80-000 "),
}
RIGHT = {
    "a paragraph as a mapping": ("      - Participants thanked the Government of Examplia for "
                                 "hosting the meeting.",
                                 "      - {text: Participants thanked the Government., "
                                 "numbered: false}"),
    "the organ as a list": ("  organ: general-assembly", "  organ: [general-assembly]"),
    "two addressees": ("  to: secretary-general ",
                       "  to: [secretary-general, president-general-assembly] "),
    "no session": ("  session: 80\n", "  session: null\n"),
}


def _both(tmp_path, before, after):
    text = STARTER.read_text(encoding="utf-8")
    assert before in text
    path = tmp_path / "meeting.yaml"
    path.write_text(text.replace(before, after, 1), encoding="utf-8")
    try:
        compose(path)
        cerberus = True
    except ValidationError:
        cerberus = False
    validator = jsonschema.Draft202012Validator(_schema("ga-letter"))
    errors = list(validator.iter_errors(_typed(path)))
    return cerberus, not errors, errors


@pytest.mark.parametrize("case", sorted(WRONG))
def test_cerberus_and_the_json_schema_refuse_the_same_mistakes(case, tmp_path):
    cerberus, json_schema, _ = _both(tmp_path, *WRONG[case])
    assert (cerberus, json_schema) == (False, False)


@pytest.mark.parametrize("case", sorted(RIGHT))
def test_cerberus_and_the_json_schema_accept_the_same_forms(case, tmp_path):
    before, after = RIGHT[case]
    if case == "no session":
        # a General Assembly document needs its session: a check JSON Schema leaves to
        # palais validate (check_with); the schema itself allows null
        text = STARTER.read_text(encoding="utf-8").replace(before, after, 1)
        path = tmp_path / "meeting.yaml"
        path.write_text(text, encoding="utf-8")
        validator = jsonschema.Draft202012Validator(_schema("ga-letter"))
        assert list(validator.iter_errors(_typed(path))) == []
        return
    cerberus, json_schema, errors = _both(tmp_path, before, after)
    assert (cerberus, json_schema) == (True, True), errors


def test_an_editor_flags_a_typod_key_where_it_is(tmp_path):
    _, _, errors = _both(tmp_path, "  venue: Geneva", "  venu: Geneva")
    found = {(tuple(e.absolute_path), e.validator): e.message for e in errors}
    assert set(found) == {(("meeting",), "additionalProperties"), (("meeting",), "required")}
    assert "'venu' was unexpected" in found[("meeting",), "additionalProperties"]
    assert "'venue' is a required property" in found[("meeting",), "required"]


def test_an_unknown_kind_is_a_usage_error(capsys):
    assert main(["schema", "ga-leter"]) == 2
    assert "did you mean 'ga-letter'?" in capsys.readouterr().err


# -- in the editor's own server ---------------------------------------------------

def test_the_yaml_language_server_checks_the_examples_with_their_schema(tmp_path):
    """The server editors run (VS Code's YAML extension) reads the schema the first line
    names: a clean example has nothing underlined, a typo'd key is underlined where it
    is typed, and the missing key at its mapping."""
    from clients import client
    from lsp import diagnostics

    server = client("yaml-language-server")
    assert diagnostics(server, STARTER) == []
    schema = ROOT / "schemas" / "json" / "ga-letter.json"
    lines = STARTER.read_text(encoding="utf-8").splitlines()
    lines[0] = f"# yaml-language-server: $schema={schema.as_uri()}"
    text = "\n".join(lines).replace("  venue: Geneva", "  venu: Geneva") + "\n"
    typo = tmp_path / "meeting.yaml"
    typo.write_text(text, encoding="utf-8")
    found = diagnostics(server, typo)
    line = next(n for n, l in enumerate(text.splitlines(), 1) if l.startswith("  venu:"))
    meeting = next(n for n, l in enumerate(text.splitlines(), 1) if l == "meeting:")
    assert sorted(found) == [(meeting, 1, 'Missing property "venue".'),
                             (line, 3, "Property venu is not allowed.")]
