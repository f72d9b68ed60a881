"""Widths kept for a build, the short way of coding a font's characters, the quick
comparison of text runs, the text left uncleaned and the writer's markup read without
HTMLParser give reportlab's own answers."""
from pathlib import Path

import reportlab
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from palais.writers.pdf import measure, readout  # noqa: F401 - installs the wrappers

VERA = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
# Latin text, a few marks and letters beyond Latin-1 (a font's second subset), the
# no-break space Palais draws with a code of its own.
TEXT = st.text(st.sampled_from("abc XYZ,.;'\u00e9\u00e8\u0153\u2019\u20ac\u00a0\u03b1\u0416"
                               "\u4e00"), max_size=30)


def _font(name: str) -> TTFont:
    font = TTFont(name, str(VERA))
    pdfmetrics.registerFont(font)
    return font


class _Doc:
    """Stands for the PDF document a font's subsets belong to."""


@settings(max_examples=60, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=25))
def test_a_font_codes_each_text_as_reportlab_does(texts):
    font = _font("PalaisMeasureVera")
    ours, theirs = _Doc(), _Doc()
    # reportlab's own splitting, unwrapped: the wrapper keeps it as its closure
    wrapped = TTFont.splitString
    own = wrapped.__code__.co_freevars.index("split")
    original = wrapped.__closure__[own].cell_contents
    for text in texts:
        coded = font.splitString(text, ours)       # first: it gives U+FDD0 its glyph
        assert coded == original(font, text.replace("\u00a0", readout._NO_BREAK), theirs)
    assert font.state[ours].assignments == font.state[theirs].assignments
    assert font.state[ours].subsets == font.state[theirs].subsets


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(TEXT, st.sampled_from([8, 9.5, 10, 12])), min_size=1, max_size=20))
def test_widths_kept_for_a_build_are_the_widths_measured(words):
    from reportlab.platypus import paragraph
    _font("PalaisMeasureVera")
    with measure.kept_widths():
        for text, size in words + words:
            for face in ("PalaisMeasureVera", "Times-Roman"):
                if face == "Times-Roman" and not text.isascii():
                    continue
                assert paragraph.stringWidth(text, face, size) == \
                    pdfmetrics.stringWidth(text, face, size)
                assert paragraph.getAscentDescent(face, size) == \
                    pdfmetrics.getAscentDescent(face, size)


def test_a_width_is_measured_once_a_build_and_again_in_the_next(monkeypatch):
    from reportlab.platypus import paragraph
    wrapped = paragraph.stringWidth
    own = wrapped.__code__.co_freevars.index("width")
    measured = []
    cell = wrapped.__closure__[own]
    real = cell.cell_contents
    monkeypatch.setattr(cell, "cell_contents", lambda *args: measured.append(args) or real(*args))
    for _ in range(2):
        with measure.kept_widths():
            first = paragraph.stringWidth("Assembly", "Times-Roman", 10)
            assert paragraph.stringWidth("Assembly", "Times-Roman", 10) == first
    assert len(measured) == 2
    paragraph.stringWidth("Assembly", "Times-Roman", 10)      # outside a build: measured
    assert len(measured) == 3


_LACKS = object()
# Each attribute the comparison reads: lacking, None, or one of two values.
_RUN_VALUES = {"fontName": ("Times-Roman", "Times-Bold"), "fontSize": (10, 12.0),
               "textColor": ("black", "red"), "rise": (0, 3), "us_lines": ((), (("u",),)),
               "link": ("#a", "#b"), "backColor": ("yellow", "blue"), "nobr": (0, 1),
               "cbDefn": ("callback",), "lineBreak": (1,), "text": ("a", "b")}
_RUN = st.fixed_dictionaries({key: st.sampled_from((_LACKS, None) + values)
                              for key, values in _RUN_VALUES.items()})


def _run(attributes):
    from reportlab.lib.abag import ABag
    return ABag(**{key: value for key, value in attributes.items() if value is not _LACKS})


@settings(max_examples=400, deadline=None)
@given(_RUN, _RUN, st.booleans())
def test_runs_set_alike_as_reportlab_compares_them(first, second, cloned):
    from reportlab.lib.rl_accel import sameFrag
    one = _run(first)
    other = one.clone(text="c") if cloned else _run(second)
    assert measure.same_fragment(one, other) is bool(sameFrag(one, other))


def test_line_breaking_compares_runs_the_short_way():
    from reportlab.platypus import paragraph
    assert paragraph.sameFrag is measure.same_fragment


def _uri_source() -> tuple:
    """reportlab's URI pattern and flags, however its module was imported here."""
    from reportlab.platypus import paragraph
    kept = paragraph.uri_pat
    return kept._source if isinstance(kept, measure._UriPattern) else (kept.pattern, kept.flags)


def test_reportlab_imported_by_the_pdf_writer_compiles_its_uri_pattern_when_used():
    import subprocess
    import sys
    program = ("import palais.writers.pdf, re; from reportlab.platypus import paragraph as p; "
               "print(type(p.uri_pat).__name__, p.uri_pat._source[0] == %r, "
               "re.compile.__module__)" % (_uri_source()[0],))
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["_UriPattern", "True", "re"]      # and re.compile is the library's again


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from("ab.-:/@?#1 \u00e9\u0416"), max_size=30)
       | st.builds(lambda scheme, host, rest: scheme + "://" + host + rest,
                   st.sampled_from(["https", "HTTP", "ftp", "svn+ssh", "A-1.b", "", "x&y=",
                                    "\u212a", "a b"]),
                   st.sampled_from(["", "un.org", "WWW.IOM.INT", "10.0.0.1", "[::1]",
                                    "localhost", "\u00e9t\u00e9.fr", "un.o"]),
                   st.text(st.sampled_from("aZ9-.:/?#@[] \u00e9"), max_size=20))
       | st.sampled_from(["https://www.un.org/en/ga", "http://10.0.0.1:8080/x?y#z",
                          "ftp://example.org", "mailto:someone@un.org", "www.un.org",
                          "HTTPS://UN.ORG/A/68/50", "https://un.org/a@b.org",
                          "http://1.2.3.4.com/x", "https://xn--80ak6aa92e.com/",
                          "http://localhost:8080", "https://un-.org", "https://-un.org",
                          "https://www.iom.int/sites/g/files/x.pdf#page=2",
                          "http://user:pw@un.org", "L.1&referer=http://www.un.org/x",
                          "a:b://un.org", "\u017ftp://un.org", "https://\u00e9t\u00e9.fr/a"]))
def test_the_uri_pattern_compiled_when_used_answers_as_reportlab_s(text):
    import re
    source = _uri_source()
    lazy, real = measure._UriPattern(*source, re.compile), re.compile(*source)
    found, expected = lazy.match(text), real.match(text)
    assert (found and found.groups()) == (expected and expected.groups())


def test_patterns_reportlab_seldom_uses_are_compiled_when_used_and_answer_the_same():
    from deferral import both_ways
    # The same calls where the PDF writer imported reportlab, and where reportlab
    # was imported first, its patterns compiled as it made them.
    program = (
        "from reportlab.lib import textsplit, rl_safe_eval, PyFontify\n"
        "kinds = [type(p).__name__ for p in (textsplit.rx, rl_safe_eval.__rl_unsafe_re__, "
        "PyFontify.matchRE, PyFontify.idRE)]\n"
        "cjk = textsplit.rx.sub(r'\\1|', '\u56fd\u9645\u79fb\u6c11 IOM \u65e5\u5185\u74e6')\n"
        "try:\n"
        "    rl_safe_eval.rl_safe_eval('(1).__class__.__bases__')\n"
        "    refused = False\n"
        "except Exception as exc:\n"
        "    refused = type(exc).__name__\n"
        "shown = PyFontify.fontify('def f(x):\\n    return \"a\" # note\\nclass K: pass\\n')\n"
        "print(repr((kinds, cjk, refused, shown)))\n")
    deferred, compiled = both_ways(program, "import palais.writers.pdf")
    assert deferred[0] == ["Deferred"] * 4 and compiled[0] == ["Pattern"] * 4
    assert deferred[1:] == compiled[1:]
    assert deferred[1] == "\u56fd|\u9645|\u79fb|\u6c11| IOM \u65e5|\u5185|\u74e6|"
    assert deferred[2] and len(deferred[3]) >= 4


# Words, single and double spaces, no-break spaces, and each kind of white space
# reportlab's cleaning knows or str.split splits at.
_WHITE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2007\u200a\u200b\u2028" \
         "\u2029\u202f\u205f\u3000"
CLEANED_TEXT = st.text(st.sampled_from("ab\u00e9" + _WHITE), max_size=12) \
    | st.lists(st.sampled_from(["word", "l\u2019OIM", "\u00a0:", "\u00a0", " ", "x"]),
               max_size=8).map("".join)


@settings(max_examples=400, deadline=None)
@given(CLEANED_TEXT)
def test_text_passed_over_is_text_reportlab_cleans_to_itself(text):
    from reportlab.platypus.paragraph import cleanBlockQuotedText
    from palais.writers.pdf import blocks
    if blocks._CHANGED_BY_CLEANING.search(text) is None:
        assert cleanBlockQuotedText(text) == text


def test_text_with_single_and_no_break_spaces_is_passed_over():
    from palais.writers.pdf import blocks
    for text in ("Internet\u00a0: www.iom.int", "l\u2019OIM a dit", "\u00a0x", ""):
        assert blocks._CHANGED_BY_CLEANING.search(text) is None
    for text in (" lead", "trail ", "two  spaces", "line\nend", "tab\tin", "thin\u2009space",
                 "zero\u200bwidth", "narrow\u202fspace"):
        assert blocks._CHANGED_BY_CLEANING.search(text) is not None


def test_a_paragraph_passed_over_has_the_fragments_of_one_cleaned():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus.paragraph import Paragraph as Plain
    from palais.writers.pdf.blocks import Paragraph
    style = ParagraphStyle("p", fontName="Times-Roman", fontSize=10)
    for text in ("plain words here", "a <b>bold</b> word &amp; more", "two  spaces\nand a line",
                 "x<super>1</super>"):
        ours, theirs = Paragraph(text, style), Plain(text, style)
        assert [vars(f) for f in ours.frags] == [vars(f) for f in theirs.frags]


def _plain(value):
    """``value`` with reportlab's attribute bags (which compare by identity) as dicts."""
    from reportlab.lib.abag import ABag
    if isinstance(value, ABag):
        return type(value).__name__, {key: _plain(item) for key, item in vars(value).items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


_WORDS = st.text(st.sampled_from("ab \u00e9\u00a0&<>\"'\u2019;#"), min_size=1, max_size=8) \
    .map(lambda text: text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
_MARKUP = st.recursive(
    _WORDS | st.sampled_from(["<br/>", '<onDraw name="palais_note" label="n1"/>',
                              '<onDraw name="palais_heading" label="0"/>', "&#39;", "&#x2019;",
                              "&quot;"]),
    lambda inner: st.tuples(st.sampled_from([
        ('<font face="Times-Bold">', "</font>"), ('<font face="Helvetica">', "</font>"),
        ('<font size="8">', "</font>"), ('<font color="#1a5fb4">', "</font>"),
        ('<super size="6.5" rise="3.5">', "</super>"), ('<sub size="6.5" rise="3.5">', "</sub>"),
        ('<a href="http://www.iom.int/x">', "</a>"), ('<a href="#p3">', "</a>"),
        ('<u color="#1a5fb4">', "</u>"), ('<strike color="#c01c28">', "</strike>")]),
        st.lists(inner, min_size=1, max_size=3)).map(
            lambda pair: pair[0][0] + "".join(pair[1]) + pair[0][1]),
    max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(_MARKUP, min_size=1, max_size=4).map("".join))
def test_the_writers_markup_is_read_into_reportlabs_fragments(markup):
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus.paraparser import ParaParser
    from palais.writers.pdf import blocks
    style = ParagraphStyle("p", fontName="Times-Roman", fontSize=10)
    ours = blocks._parse_markup(markup, style, 1)
    parser = ParaParser()
    parser.caseSensitive = 1
    theirs = parser.parse(markup, style)
    assert ours is not None                        # every token here is the writer's
    assert ours[0] is theirs[0] and ours[2] == theirs[2]
    assert _plain(ours[1]) == _plain(theirs[1])


def test_other_markup_is_left_to_reportlab():
    from reportlab.lib.styles import ParagraphStyle
    from palais.writers.pdf import blocks
    style = ParagraphStyle("p", fontName="Times-Roman", fontSize=10)
    for markup in ('<a href="http://x.org/?a=1&amp;b=2">x</a>', "<b>bold</b>", "a & b",
                   "<font face='Helvetica'>x</font>", "<img src='x.png'/>", "&amp"):
        assert blocks._parse_markup(markup, style, 1) is None
    # markup reportlab refuses is left to it too, which says why
    for markup in ("<super>x", "x</font>", '<onDraw label="n1"/>'):
        assert blocks._parse_markup(markup, style, 1) is None
