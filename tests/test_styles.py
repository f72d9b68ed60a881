import pytest

from palais.errors import StyleError
from palais.styles import resolve_styles
from palais.units import Pt, parse_length


def test_new_york_sheet_resolves_through_based_on_and_extends():
    sheet = resolve_styles("un-newyork")
    assert (sheet.page.width, sheet.page.height) == (Pt(612), Pt(792))
    body = sheet.style("SingleTxt")
    assert (body.size, body.leading, body.align) == (Pt(10), Pt(12), "justify")
    assert body.indent_left == Pt(63) and body.space_after == Pt(6)
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
    (folder / "styles").mkdir(exist_ok=True)
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
     "styles.SingleTxt: unknown property 'sise'; did you mean 'size'?"),
    ({"mine": "extends: un-newyork\nstyles:\n  SingleTxt: {size: big}\n"},
     "styles.SingleTxt.size: expected a length"),
    ({"mine": "extends: un-newyork\nstyles:\n  X: {based-on: SingelTxt}\n"},
     "based on unknown style 'SingelTxt'; did you mean 'SingleTxt'?"),
    ({"mine": "extends: un-newyork\ncolour: red\n"}, "unknown key 'colour'"),
])
def test_broken_sheets_are_style_errors(tmp_path, sheets, message):
    for name, text in sheets.items():
        write(tmp_path, name, text)
    with pytest.raises(StyleError, match=message.replace("(", r"\(").replace(")", r"\)")):
        resolve_styles("mine", [tmp_path])


def test_unknown_style_name_suggests_one():
    with pytest.raises(StyleError, match="did you mean 'SingleTxt'"):
        resolve_styles("un-newyork").style("SingleText")


def test_override_with_the_same_name_extends_the_built_in(tmp_path):
    write(tmp_path, "un-newyork", 'extends: "!un-newyork"\nstyles:\n  H1: {size: 13pt}\n')
    sheet = resolve_styles("un-newyork", [tmp_path])
    assert sheet.style("H1").size == Pt(13) and sheet.style("HCh").size == Pt(14)
