import pytest

from palais.errors import StyleError
from palais.styles import resolve_styles
from palais.units import Pt, parse_length


def test_new_york_sheet_resolves_through_based_on_and_extends():
    sheet = resolve_styles("un-newyork")
    assert (sheet.page.width, sheet.page.height) == (Pt(612), Pt(792))
    body = sheet.style("SingleTxt")
    assert (body.size, body.leading, body.align) == (Pt(10), Pt(12), "justify")
    assert body.indent_left == Pt(63) and body.space_after == Pt(16)
    h1 = sheet.style("H1")
    assert h1.bold and h1.size == Pt(12) and h1.indent_left == Pt(63)   # from HCh
    assert sheet.typography["fr"] == "un-fr"
    assert sheet.fonts["serif"].families[0] == "Times New Roman"      # from base


@pytest.mark.parametrize("text, points", [("10pt", 10), ("1in", 72), ("2.54cm", 72), ("25.4mm", 72),
                                          ("20tw", 1), (0, 0)])
def test_lengths(text, points):
    assert parse_length(text).pt == pytest.approx(points)


def write(folder, name, text):
    """Write style sheet ``name`` where --template-dir ``folder`` looks for sheets."""
    (folder / "styles").mkdir(parents=True, exist_ok=True)
    (folder / "styles" / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_override_sheet_extends_a_built_in(tmp_path):
    write(tmp_path, "mine", "extends: un-newyork\nstyles:\n  SingleTxt: {size: 11pt}\n")
    sheet = resolve_styles("mine", [tmp_path])
    assert sheet.style("SingleTxt").size == Pt(11)
    assert sheet.style("LetterTxt").size == Pt(11)      # inherits the override


@pytest.mark.parametrize("sheets, message", [
    ({"mine": "extends: nowhere\n"}, "no style sheet 'nowhere' in"),
    ({"mine": "extends: other\n", "other": "extends: mine\n"}, "cycle: mine -> other -> mine"),
    ({"mine": "extends: un-newyork\nstyles:\n  SingleTxt: {sise: 11pt}\n"},
     "mine.yaml:3:15: styles.SingleTxt.sise: unknown key 'sise'; did you mean 'size'?"),
    ({"mine": "extends: un-newyork\nstyles:\n  SingleTxt: {size: big}\n"},
     "mine.yaml:3:21: styles.SingleTxt.size: expected a length such as 10pt"),
    ({"mine": "extends: un-newyork\nstyles:\n  X: {based-on: SingelTxt}\n"},
     "mine.yaml:3:3: styles.X.based-on: style 'X' is based on unknown style 'SingelTxt'; "
     "did you mean 'SingleTxt'?"),
    ({"mine": "extends: un-newyork\ncolour: red\n"}, "mine.yaml:2:1: colour: unknown key 'colour'"),
    ({"mine": "extends: un-newyork\ncover: {band-color: 000000}\n"},
     "mine.yaml:2:21: cover.band-color: expected a colour as six hex digits in quotes"),
    ({"mine": "page: {width: -2in, height: 0}\n"},
     "mine.yaml:1:15: page.width: must be greater than 0, got '-2in'"),
    ({"mine": "running: {header-text: '{symbol.__class__}'}\n"},
     "mine.yaml:1:24: running.header-text: '{symbol.__class__}' is not of the expected form"),
    ({"mine": "extends: 42\n"}, "mine.yaml:1:10: extends: expected text, got the number 42"),
    ({"mine": "styles: [a, b]\n"}, "mine.yaml:1:9: styles: expected a mapping of keys, got a list"),
    ({"mine": "page: {width: 8in\n"}, "mine.yaml:2:1: YAML syntax"),
    ({"mine": "- a\n"}, "mine.yaml:1:1: expected a mapping of keys, got a list"),
    ({"mine": "extends: un-newyork\ntypography: {fr: un-frr}\n"},
     "typography.fr: unknown rule set 'un-frr'; did you mean 'un-fr'?"),
    ({"mine": "extends: mine\n"}, "extends: 'mine' is this file's own name, and no other 'mine'"),
])
def test_broken_sheets_are_style_errors(tmp_path, sheets, message):
    for name, text in sheets.items():
        write(tmp_path, name, text)
    with pytest.raises(StyleError) as caught:
        resolve_styles("mine", [tmp_path])
    assert message in str(caught.value)


def test_every_problem_of_a_sheet_is_reported_at_once(tmp_path):
    write(tmp_path, "mine", "extends: un-newyork\npage: {width: wide}\nstyles:\n"
                            "  H1: {size: -1pt}\n  X: {based-on: Nope}\n  Y: {based-on: Nada}\n")
    with pytest.raises(StyleError) as caught:
        resolve_styles("mine", [tmp_path])
    assert [p.split(": ", 1)[0].rsplit("/", 1)[-1] for p in caught.value.problems] == \
        ["mine.yaml:2:15", "mine.yaml:4:14"]          # the schema's problems first
    write(tmp_path, "mine", "extends: un-newyork\nstyles:\n"
                            "  X: {based-on: Nope}\n  Y: {based-on: Nada}\n")
    with pytest.raises(StyleError) as caught:
        resolve_styles("mine", [tmp_path])
    assert len(caught.value.problems) == 2 and "mine.yaml:4:3" in caught.value.problems[1]


def test_unknown_style_name_suggests_one():
    with pytest.raises(StyleError, match="did you mean 'SingleTxt'"):
        resolve_styles("un-newyork").style("SingleText")


@pytest.mark.parametrize("extends", ["un-newyork", '"!un-newyork"'])
def test_override_with_the_same_name_extends_the_built_in(tmp_path, extends):
    write(tmp_path, "un-newyork", f"extends: {extends}\nstyles:\n  H1: {{size: 13pt}}\n")
    sheet = resolve_styles("un-newyork", [tmp_path])
    assert sheet.style("H1").size == Pt(13) and sheet.style("HCh").size == Pt(14)
    assert sheet.source == str(tmp_path / "styles" / "un-newyork.yaml")


def test_an_override_in_a_second_folder_extends_the_one_below(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    write(first, "un-newyork", "extends: un-newyork\nstyles:\n  H1: {size: 13pt}\n")
    write(second, "un-newyork", "extends: un-newyork\nstyles:\n  HCh: {size: 15pt}\n")
    sheet = resolve_styles("un-newyork", [first, second])
    assert sheet.style("H1").size == Pt(13) and sheet.style("HCh").size == Pt(15)
