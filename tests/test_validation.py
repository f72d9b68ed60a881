import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from palais.errors import ValidationError
from palais.loading import load_text
from palais.validation import validate_meeting

LETTER = """\
report: ga-letter
language: fr
document:
  symbol: A/68/100
  organ: general-assembly
  distribution: general
  date: 2013-06-28
  original: en
  session: 68
  agenda-item: {number: 21, sub-item: e, list: preliminary, title: Migrations}
  job-number: 13-37702
letter:
  date: 2013-06-26
  to: secretary-general
  from: le Représentant permanent
  body:
    - Texte[^a].
  signatures: [{given-name: A, surname: B}]
notes:
  a: Une note.
"""

SCHEMAS = ["meeting", "ga-letter"]


def problems(text):
    with pytest.raises(ValidationError) as caught:
        validate_meeting(load_text(text, "m.yaml"), SCHEMAS)
    return caught.value.problems


def test_valid_letter_is_normalised():
    data = validate_meeting(load_text(LETTER, "m.yaml"), SCHEMAS)
    assert data["annexes"] == []                       # defaults filled in
    assert data["document"]["repeat-organ"] is False


def test_paragraph_written_as_text_becomes_a_mapping():
    text = LETTER + "annexes:\n  - paragraphs: [Un., {text: Deux., items: [x]}]\n"
    data = validate_meeting(load_text(text, "m.yaml"), SCHEMAS)
    assert data["annexes"][0]["paragraphs"] == [{"text": "Un.", "numbered": True},
                                                {"text": "Deux.", "items": ["x"], "numbered": True}]


@pytest.mark.parametrize("old, new, expected", [
    ("  symbol: A/68/100", "  symbl: A/68/100",
     "m.yaml:4:3: document.symbl: unknown key 'symbl'; did you mean 'symbol'?"),
    ("  session: 68", "  session: sixty-eight",
     "m.yaml:9:12: document.session: expected a whole number, got the text 'sixty-eight'"),
    ("  date: 2013-06-28", "  date: 2013-06-31",
     "m.yaml:7:9: document.date: not a valid date: '2013-06-31' (day is out of range for month)"),
    ("  date: 2013-06-28", "  date: 28 June 2013",
     "m.yaml:7:9: document.date: expected a date written YYYY-MM-DD, got the text '28 June 2013'"),
    ("  original: en", "  original: english",
     "m.yaml:8:13: document.original: expected one of 'fr', 'en', 'es', 'ar', 'ru', 'zh', got 'english'"),
    ("  job-number: 13-37702", "  job-number: 13/37702",
     "m.yaml:11:15: document.job-number: '13/37702' is not of the expected form (the job number, e.g. 13-37702)"),
    ("  to: secretary-general\n", "",
     "m.yaml:12:1: letter.to: required field is missing"),
    ("  to: secretary-general", "  to: [secretary-general, security-council]",
     "m.yaml:14:27: letter.to[1]: expected one of 'secretary-general', 'president-general-assembly'"),
    ("  organ: general-assembly", "  organ: [general-assembly, security-council]",
     "m.yaml:4:11: document.symbol: 'A/68/100' has 1 symbol(s) for 2 organ(s)"),
    ("  symbol: A/68/100", "  symbol: S/2013/100",
     "m.yaml:4:11: document.symbol: 'S/2013/100' does not start with A/, the series of the "
     "General Assembly"),
    ("  session: 68\n", "",
     "m.yaml:4:3: document: session: required for a General Assembly document"),
    ("  from: le Représentant permanent", "  from: [{office: permanent-representative}]",
     "m.yaml:15:10: letter.from[0]: the office permanent-representative needs the State"),
    ("Texte[^a].", "Texte[^b].",
     "m.yaml:17:7: letter.body[0]: note [^b] is not defined under 'notes'"),
    ("report: ga-letter\n", "report: ga-letter\nlanguge: fr\n",
     "m.yaml:2:1: languge: unknown key 'languge'; did you mean 'language'?"),
    ("    - Texte[^a].", "    - {text: 'Texte[^a].', id: texte}\n    - Voir [](#text).",
     "m.yaml:18:7: letter.body[1]: the link to #text points at no heading or paragraph: "
     "give the one it means id: text; did you mean #texte?"),
    ("    - Texte[^a].", "    - {text: 'Texte[^a].', id: a}\n    - {text: Suite., id: a}",
     "m.yaml:18:26: letter.body[1].id: id 'a' is already given at m.yaml:17:32"),
    ("    - Texte[^a].", "    - {text: 'Texte[^a].', id: 2a}",
     "m.yaml:17:32: letter.body[0].id: '2a' is not of the expected form"),
])
def test_each_problem_is_one_line_with_its_position(old, new, expected):
    assert old in LETTER
    found = problems(LETTER.replace(old, new, 1))
    assert any(p.startswith(expected) for p in found), found


def test_every_problem_is_reported_at_once_in_file_order():
    text = (LETTER.replace("  symbol: A/68/100", "  symbl: A/68/100")
                  .replace("  session: 68", "  session: x")
                  .replace("  surname: B", "  surname: B, title: nope"))
    found = problems(text)
    assert len(found) >= 3
    lines = [int(p.split(":")[1]) for p in found]
    assert lines == sorted(lines)


def test_top_level_must_be_a_mapping():
    assert "expected a mapping of keys" in problems("- a\n- b\n")[0]


def test_the_built_in_schemas_pass_cerberus_own_check():
    """Built-in schemas are not checked on every run (TrustedSchema): here they are,
    each set a report kind uses and the schemas of manifests and style sheets."""
    from palais.checks import AuthorValidator, MeetingValidator
    from palais.rules import load_schema
    from palais.manifests import load_report

    for kind in ("ga-letter", "ga-note", "ga-report", "iom-summary-report"):
        names = load_report(kind).schemas
        validator = MeetingValidator()
        for name, definition in load_schema(["definitions"]).items():
            validator.schema_registry.add(name, definition)
        validator.schema = load_schema(names)          # raises SchemaError if broken
    for name in ("manifest", "style-sheet"):
        AuthorValidator(load_schema([name]))


def test_a_broken_schema_in_a_template_folder_is_still_refused(tmp_path):
    from palais.errors import StyleError
    from palais.resources import SearchPath
    from palais.validation import validate_meeting
    from palais.loading import load_meeting

    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "meeting.yaml").write_text(
        "title: {type: strin}\n", encoding="utf-8")
    meeting = tmp_path / "m.yaml"
    meeting.write_text("title: x\n", encoding="utf-8")
    with pytest.raises(StyleError, match="broken"):
        validate_meeting(load_meeting(meeting), ["meeting"], SearchPath([tmp_path]))


# Letters, the characters no document can hold (controls, surrogate halves,
# noncharacters of the BMP and beyond), their neighbours, and other astral letters.
_AROUND_FORBIDDEN = "ab\u00e9\t\n\x00\x08\x0b\x1f\x7f\x9f\xa0\ud800\udfff\ufdcf\ufdd0\ufdef" \
    "\ufdf0\ufffd\ufffe\uffff\U00010000\U0001fffd\U0001fffe\U0001ffff\U00020000" \
    "\U0010fffe\U0010ffff\U0001f600"


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(_AROUND_FORBIDDEN), max_size=12) | st.text(max_size=12))
def test_the_first_forbidden_character_is_found_as_the_whole_pattern_finds_it(text):
    from palais import validation
    mine, whole = validation.forbidden_character(text), validation._FORBIDDEN.search(text)
    assert (mine and (mine.start(), mine.group())) == (whole and (whole.start(), whole.group()))


def test_a_noncharacter_beyond_the_bmp_is_refused():
    from palais import validation
    assert validation.forbidden_character("plain \U0001f600 text") is None
    assert validation.forbidden_character("a\U0003fffeb\x07").group() == "\U0003fffe"
    assert validation.forbidden_character("a\x07b\U0003fffe").group() == "\x07"
