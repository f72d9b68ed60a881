"""The six languages: ordinals and dates by table, numbering, direction, labels.

The tables in golden/words/ list, for every language, the ordinal of sessions
and meetings 1-100 in each gender the language has and the dates of a year; a
change to the rules (or to the CLDR data under them) shows as a diff there.
Rewrite them with ``pytest --update-golden`` and read the diff. The spot checks
below are the forms issued UN documents print, which the tables must agree with.
"""
import datetime
from pathlib import Path

import pytest
import yaml

from palais import filters, numbering, words
from palais.resources import SearchPath

from clients import client
from pdfglyphs import missing_glyphs

HERE = Path(__file__).resolve().parent
TABLES = HERE / "golden" / "words"
GENDERS = {"ar": "mf", "zh": "m", "en": "m", "fr": "mf", "ru": "mfn", "es": "mf"}


def _labels(language):
    return yaml.safe_load(SearchPath().find("labels", language).read_text())


def _check_table(request, name, text):
    path = TABLES / name
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run pytest --update-golden"
    expected = path.read_text(encoding="utf-8").splitlines()
    for number, (got, want) in enumerate(zip(text.splitlines(), expected), 1):
        assert got == want, f"{name} line {number}"
    assert len(text.splitlines()) == len(expected)


# -- ordinals ---------------------------------------------------------------------

@pytest.mark.parametrize("language", words.LANGUAGES)
def test_ordinals_1_to_100_match_the_table(request, language):
    labels = _labels(language)
    header = ["n", "session"] + [f"meeting-{g}" for g in GENDERS[language]]
    rows = ["\t".join(header)]
    for n in range(1, 101):
        line = filters.fill(labels["session-line"],
                            ordinal=words.ordinal(n, language, labels["genders"]["session"]))
        rows.append("\t".join([str(n), filters.capfirst(str(line))]
                              + [words.ordinal(n, language, g) for g in GENDERS[language]]))
    _check_table(request, f"ordinals-{language}.tsv", "\n".join(rows) + "\n")


SESSIONS = [
    ("fr", 80, "Quatre-vingtième session"),
    ("fr", 61, "Soixante et unième session"),
    ("fr", 81, "Quatre-vingt-unième session"),
    ("fr", 1, "Première session"),
    ("es", 61, "Sexagésimo primer período de sesiones"),
    ("es", 3, "Tercer período de sesiones"),
    ("es", 80, "Octogésimo período de sesiones"),
    ("ru", 80, "Восьмидесятая сессия"),
    ("ru", 61, "Шестьдесят первая сессия"),
    ("zh", 80, "第八十届会议"),
    ("zh", 100, "第一百届会议"),
    ("ar", 80, "الدورة الثمانون"),
    ("ar", 61, "الدورة الحادية والستون"),
    ("ar", 1, "الدورة الأولى"),
    ("en", 68, "Sixty-eighth session"),
]


@pytest.mark.parametrize("language, number, line", SESSIONS)
def test_session_lines_are_the_uns(language, number, line):
    labels = _labels(language)
    ordinal = words.ordinal(number, language, labels["genders"]["session"])
    assert filters.capfirst(str(filters.fill(labels["session-line"], ordinal=ordinal))) == line


@pytest.mark.parametrize("language, number, gender, word", [
    ("es", 9, "f", "novena"),             # Novena Reunión Mundial
    ("es", 21, "f", "vigésima primera"),
    ("es", 9, "m", "noveno"),
    ("fr", 1, "f", "première"),
    ("fr", 1, "m", "premier"),
    ("ru", 9, "n", "девятое"),            # Девятое совещание
    ("ru", 80, "n", "восьмидесятое"),
    ("ru", 3, "n", "третье"),
    ("ru", 9, "m", "девятый"),
    ("ar", 9, "m", "التاسع"),             # الاجتماع التاسع
    ("ar", 9, "f", "التاسعة"),
    ("ar", 11, "m", "الحادي عشر"),
])
def test_meeting_ordinals_agree_with_their_noun(language, number, gender, word):
    assert words.ordinal(number, language, gender) == word


# -- dates ------------------------------------------------------------------------

@pytest.mark.parametrize("language", words.LANGUAGES)
def test_dates_match_the_table(request, language):
    ctx = {"language": language}
    rows = []
    for month in range(1, 13):
        day = datetime.date(2013, month, 1)
        rows.append("\t".join([day.isoformat(), str(filters.date(ctx, day)),
                               words.day_month(day, language)]))
    spans = [(datetime.date(2013, 5, 22), datetime.date(2013, 5, 23)),
             (datetime.date(2017, 10, 10), datetime.date(2017, 10, 12)),
             (datetime.date(2013, 5, 31), datetime.date(2013, 6, 1)),
             (datetime.date(2013, 12, 31), datetime.date(2014, 1, 1))]
    for first, last in spans:
        rows.append("\t".join([f"{first}..{last}", str(filters.date_range(ctx, [first, last]))]))
    _check_table(request, f"dates-{language}.tsv", "\n".join(rows) + "\n")


@pytest.mark.parametrize("language, text", [
    ("en", "28 June 2013"),
    ("fr", "28 juin 2013"),
    ("es", "28 de junio de 2013"),
    ("ru", "28 июня 2013 года"),
    ("zh", "2013年6月28日"),
    ("ar", "28 حزيران/يونيه 2013"),
])
def test_dates_are_written_as_the_un_writes_them(language, text):
    assert words.full_date(datetime.date(2013, 6, 28), language) == text


def test_every_arabic_month_has_both_names():
    for month, name in enumerate(words.ARABIC_MONTHS, 1):
        levantine, egyptian = name.split("/")
        assert levantine and egyptian
        assert words.full_date(datetime.date(2025, month, 5), "ar") == f"5 {name} 2025"


# -- numbering, direction, labels ---------------------------------------------------

@pytest.mark.parametrize("pattern, n, label", [
    ("أولا -", 1, "أولا -"), ("أولا -", 3, "ثالثا -"), ("أولا -", 11, "حادي عشر -"),
    ("ألف -", 2, "باء -"), ("ألف -", 5, "هاء -"),
    ("(أ)", 1, "(أ)"), ("(أ)", 5, "(هـ)"), ("(أ)", 29, "(أأ)"),
    ("一、", 3, "三、"), ("一.", 21, "二十一."),
    ("I.", 4, "IV."), ("(i)", 9, "(ix)"), ("a)", 27, "aa)"), ("1 -", 12, "12 -"),
])
def test_numbering_kinds(pattern, n, label):
    assert numbering.list_label(pattern, n) == label


def test_only_arabic_of_the_six_is_right_to_left():
    assert [lang for lang in words.LANGUAGES if words.is_rtl(lang)] == ["ar"]
    assert words.is_rtl("he") and words.is_rtl("fa")
    assert not words.is_rtl("") and not words.is_rtl("not-a-language")


def test_every_language_has_every_label():
    keys = set(_labels("en"))
    for language in words.LANGUAGES:
        labels = _labels(language)
        assert set(labels) == keys, language
        assert set(labels["genders"]) == set(_labels("en")["genders"]), language
        assert set(labels["numbering"]) == set(_labels("en")["numbering"]), language


# -- the six starters, rendered ------------------------------------------------------

REPO = HERE.parent
STARTERS = REPO / "examples" / "languages"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The explicit direction marks and embeddings a PDF text extractor may add.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                   "\u2066\u2067\u2068\u2069"))


@pytest.fixture(scope="module")
def starters(tmp_path_factory):
    from palais import render
    out = tmp_path_factory.mktemp("languages")
    for language in words.LANGUAGES:
        render(STARTERS / f"starter-{language}.yaml", out_dir=out)
    return out


def _document(path):
    import zipfile

    from lxml import etree
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def _docx_lines(path):
    root = _document(path)
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in root.iter(W + "p")]


@pytest.mark.parametrize("language, line", [
    ("en", "Eightieth session"), ("fr", "Quatre-vingtième session"),
    ("es", "Octogésimo período de sesiones"), ("ru", "Восьмидесятая сессия"),
    ("zh", "第八十届会议"), ("ar", "الدورة الثمانون"),
])
def test_each_starter_prints_its_session_line(starters, language, line):
    assert line in _docx_lines(starters / f"starter-{language}.docx")


def _words(text):
    """The words and numbers of ``text``, punctuation and direction marks left out."""
    import re
    text = text.translate(_BIDI_CONTROLS)
    return re.findall(r"[\w\u064b-\u0652]+", text)


def _input_paragraphs(path):
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    texts = list(data["letter"]["body"])
    for block in data["annexes"][0]["paragraphs"]:
        texts.append(block if isinstance(block, str) else block["text"])
        texts.extend(block.get("items", []) if isinstance(block, dict) else [])
    return [text.replace("[^rcps]", "1") for text in texts]    # its note is the first


def test_arabic_pdf_text_extracts_in_logical_order(starters):
    """pdftotext gives the words of each paragraph in the order they were typed.

    Spaces are left out of the comparison: poppler puts the space next to a
    number in an Arabic line on the number's other side ("يومي 20و 21"), whatever
    the PDF draws; the characters, and so the words, are in the typed order.
    """
    import subprocess
    pdftotext = client("pdftotext")
    text = subprocess.run([pdftotext, "-enc", "UTF-8", str(starters / "starter-ar.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    extracted = "".join(_words(text))
    for paragraph in _input_paragraphs(STARTERS / "starter-ar.yaml"):
        typed = "".join(_words(paragraph))
        assert typed in extracted, paragraph


def test_arabic_docx_is_right_to_left(starters):
    import zipfile

    from lxml import etree
    path = starters / "starter-ar.docx"
    with zipfile.ZipFile(path) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
    assert styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}bidi") is not None
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(W + "bidi") == "ar-SA" and lang.get(W + "val").startswith("ar")
    root = _document(path)
    assert root.find(f"{W}body/{W}sectPr/{W}bidi") is not None
    arabic = latin = 0
    for run in root.iter(W + "r"):
        text = "".join(t.text or "" for t in run.iter(W + "t"))
        rtl = run.find(f"{W}rPr/{W}rtl")
        if any("\u0600" <= c <= "\u06ff" for c in text):
            arabic += 1
            assert rtl is not None and rtl.get(W + "val") in (None, "1", "true"), text
        elif text.isascii() and any(c.isalpha() for c in text):
            latin += 1
            assert rtl is None or rtl.get(W + "val") in ("0", "false"), text
    assert arabic > 20 and latin > 0
    # every size and weight has its complex-script twin, the one Arabic text uses,
    # in the text and in the styles it uses
    used = {e.get(W + "val") for e in root.iter(W + "pStyle", W + "rStyle")}
    used_styles = [s for s in styles.iter(W + "style") if s.get(W + "styleId") in used]
    assert used_styles
    for tree in [root, styles.find(W + "docDefaults")] + used_styles:
        for rpr in tree.iter(W + "rPr"):
            if rpr.find(W + "sz") is not None:
                assert rpr.find(W + "szCs") is not None
            if rpr.find(W + "b") is not None:
                assert rpr.find(W + "bCs") is not None
            fonts = rpr.find(W + "rFonts")
            if fonts is not None and fonts.get(W + "ascii"):
                assert fonts.get(W + "cs")


def test_arabic_tables_run_right_to_left(tmp_path):
    from palais import render
    data = yaml.load((STARTERS / "starter-ar.yaml").read_text(encoding="utf-8"),
                     Loader=yaml.SafeLoader)
    data["annexes"][0]["paragraphs"].append(
        {"table": {"columns": ["الآلية", "العدد"], "rows": [["عملية بويبلا", "12"]]}})
    source = tmp_path / "table-ar.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    render(source, out_dir=tmp_path, formats=("docx",))
    tables = list(_document(tmp_path / "table-ar.docx").iter(W + "tbl"))
    body = [t for t in tables if "عملية بويبلا" in "".join(x.text or "" for x in t.iter(W + "t"))]
    assert body and body[0].find(f"{W}tblPr/{W}bidiVisual") is not None


def test_chinese_lines_do_not_start_with_closing_punctuation(tmp_path):
    """Break a long Chinese paragraph in a narrow column: no line starts with ，。；：、）” ."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from palais import fonts  # noqa: F401  (registers the CID fallback)
    from palais.writers import pdf  # noqa: F401  (installs the line-break rules)
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    text = "与会者同意：加强各进程之间的数据交流，并于2027年举行下一次会议。" * 6
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=10, leading=12,
                           wordWrap="CJK")
    for width in range(60, 200, 7):
        paragraph = Paragraph(text, style)
        paragraph.wrap(width, 10_000)
        lines = ["".join(w.text if hasattr(w, "text") else str(w)
                         for w in (line.words if hasattr(line, "words") else line[1]))
                 for line in paragraph.blPara.lines]
        assert len(lines) > 1
        for line in lines[1:]:
            assert line and line[0] not in "，。；：、）”！？", (width, line)


@pytest.mark.parametrize("language", words.LANGUAGES)
def test_no_character_of_a_starter_is_drawn_without_a_glyph(starters, language):
    assert missing_glyphs(starters / f"starter-{language}.pdf") == []


def test_the_glyph_check_sees_a_missing_glyph(tmp_path):
    """The check above is not blind: reportlab left alone draws Arabic in Vera as .notdef."""
    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas
    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    pdfmetrics.registerFont(TTFont("CheckVera", str(vera)))
    sheet = canvas.Canvas(str(tmp_path / "boxes.pdf"), invariant=1)
    sheet.setFont("CheckVera", 12)
    sheet.drawString(72, 700, "ok \u0627 ok")
    sheet.save()
    problems = missing_glyphs(tmp_path / "boxes.pdf")
    assert len(problems) == 1 and "has no glyph" in problems[0]


def test_a_chinese_line_cut_in_a_latin_word_beside_an_anchor_breaks():
    """A link target in a Chinese paragraph has no text; cutting a Latin word near it
    stopped reportlab's Chinese line breaker."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    from palais.writers import pdf  # noqa: F401  (installs the line-break rules)
    style = ParagraphStyle("zh", fontName="Helvetica", fontSize=10, leading=12, wordWrap="CJK")
    for width in range(40, 200, 3):
        paragraph = Paragraph('会议 International<a name="x"/>OrganizationForMigration 会议', style)
        paragraph.wrap(width, 1000)           # raised a TypeError
        assert len(paragraph.blPara.lines) >= 2


@pytest.mark.parametrize("language", ["ar", "zh", "ru"])
def test_a_report_in_each_script_draws_every_character(tmp_path, language):
    """The English report annexed to a letter, relabelled: its chapter numbers
    ("一.", "أولا -") and every other label are drawn with glyphs."""
    from palais import render
    text = (REPO / "examples" / "en" / "letter-annexing-report.yaml").read_text(encoding="utf-8")
    source = tmp_path / f"report-{language}.yaml"
    source.write_text(text.replace("language: en", f"language: {language}", 1), encoding="utf-8")
    render(source, out_dir=tmp_path)
    assert missing_glyphs(tmp_path / f"report-{language}.pdf") == []
    first = {"ar": "أولا -", "zh": "一.", "ru": "I."}[language]
    assert first in _docx_lines(tmp_path / f"report-{language}.docx") or any(
        line.startswith(first) for line in _docx_lines(tmp_path / f"report-{language}.docx"))
