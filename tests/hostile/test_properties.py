"""Property tests: hostile text in a meeting file -> printed as typed, or exit 2 at its line."""
import copy
import os
import re
import tempfile
import zipfile
from io import StringIO
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from lxml import etree
from pypdf import PdfReader

from palais.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# Small examples, for speed: a letter with an annex and participants, a co-signed
# letter, and a note transmitting a report (chapters, summary, notes).
SOURCES = (EXAMPLES / "starter-chair-summary.yaml",
           EXAMPLES / "en" / "co-signed-letter.yaml",
           EXAMPLES / "en" / "note-transmitting-report.yaml")

# Keys whose values come from a fixed vocabulary or have a format: not free text.
FIXED_KEYS = frozenset({
    "report", "language", "organ", "distribution", "original", "list", "office", "gender",
    "kind", "to", "symbol", "job-number", "sub-item", "answer", "numbering", "start", "end",
    "height", "image", "author", "lang", "id", "represents", "file", "href", "formats"})

# Hypothesis runs per property; a render takes about 0.7 s. Raise it locally
# (PALAIS_PROPERTY_EXAMPLES=200) for a longer search. Shrinking a failure costs
# minutes of renders, so it is off unless PALAIS_PROPERTY_SHRINK=1.
MAX_EXAMPLES = int(os.environ.get("PALAIS_PROPERTY_EXAMPLES", "12"))
PHASES = [Phase.explicit, Phase.generate] + ([Phase.shrink] if os.environ.get(
    "PALAIS_PROPERTY_SHRINK") == "1" else [])
PROPERTY = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                    phases=PHASES, suppress_health_check=[HealthCheck.too_slow,
                                                          HealthCheck.function_scoped_fixture])

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOTE_CALL = re.compile(r"\[\^[^\]\s]+\]")
NO_GLYPH = re.compile(r"none of the fonts .* has it, so the PDF would show a box; install a font")
# Characters after which rendering legitimately differs from the typed text:
# Markdown emphasis, links, notes, superscripts and backslash escapes.
MARKDOWN = frozenset("*[^\\")
CURLY = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def text_paths(node, path=()):
    """Yield the path of every string leaf of ``node`` a user types as free text."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key not in FIXED_KEYS:
                yield from text_paths(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from text_paths(value, path + (i,))
    elif isinstance(node, str):
        yield path


def load(source: Path):
    return yaml.safe_load(source.read_text(encoding="utf-8"))


# Every (example, path of a text field) pair, known at collection time for sampled_from.
FIELDS = [(source, path) for source in SOURCES for path in text_paths(load(source))]


def get_at(data, path):
    for key in path:
        data = data[key]
    return data


def set_at(data, path, value):
    get_at(data, path[:-1])[path[-1]] = value


def forbidden(char: str) -> bool:
    """Whether ``char`` is a control, a noncharacter or a lone surrogate: never user text."""
    code = ord(char)
    return ((code < 0x20 and char not in "\t\n\r") or 0x7F <= code <= 0x9F
            or 0xD800 <= code <= 0xDFFF or 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE)


def refused(text: str) -> bool:
    """Whether validation must refuse ``text``: a forbidden character, or nothing but spaces."""
    return not text.strip() or any(forbidden(c) for c in text)


def normalise(text: str) -> str:
    """Return ``text`` with the engine's typography undone and every space run one space.

    Curly quotes become straight ones (English); the no-break spaces French puts
    before : ; ? ! » and after « are dropped, as are any typed there.
    """
    text = " ".join(text.translate(CURLY).split())
    text = re.sub(r" (?=[:;?!»])", "", text)
    return re.sub(r"(?<=«) ", "", text)


def docx_text(path: Path) -> str:
    """Check the DOCX at ``path`` is a sound zip of well-formed XML parts; return the
    normalised text of its body and notes (a space at each paragraph, tab and break)."""
    pieces = []
    with zipfile.ZipFile(path) as docx:
        assert docx.testzip() is None
        for name in docx.namelist():
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(docx.read(name))
                if name in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
                    for step, element in etree.iterwalk(root, events=("start", "end")):
                        if step == "start" and element.tag == W + "t":
                            pieces.append(element.text or "")
                        elif step == "start" and element.tag in (W + "tab", W + "br", W + "cr"):
                            pieces.append(" ")
                        elif step == "end" and element.tag == W + "p":
                            pieces.append(" ")
    return normalise("".join(pieces))


def html_text(path: Path) -> str:
    """Return the normalised text of an HTML page, which must parse, with no script."""
    from lxml import html
    root = html.document_fromstring(path.read_bytes().decode("utf-8"))
    assert root.find(".//script") is None and root.find(".//main") is not None
    return normalise(root.find(".//main").text_content())


def write_meeting(folder: Path, stem: str, data) -> Path:
    """Write ``data`` as ``folder/<stem>.yaml``; PyYAML escapes what is not printable."""
    source = folder / f"{stem}.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return source


def render(source: Path, out_dir: Path):
    stdout, stderr = StringIO(), StringIO()
    code = main(["render", str(source), "--out", str(out_dir), "--format", "docx,pdf,html"],
                stdout=stdout, stderr=stderr)
    return code, stderr.getvalue()


def files_of(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.exists() else {}


class Baseline:
    """An example as dumped, and the good output of its unmodified render.

    Not a dataclass: Hypothesis prints a dataclass field by field in its report of
    a failing example, and these hold whole documents.
    """

    def __init__(self, data, files: dict, text: str):
        self.data = data        # the example's data, as yaml.safe_load reads it
        self.files = files      # output file name -> bytes
        self.text = text        # normalised DOCX text

    def __repr__(self):
        return f"Baseline({sorted(self.files)})"


@pytest.fixture(scope="module")
def baselines(tmp_path_factory):
    """Render each example once, unmodified, through the same YAML dump the tests use."""
    found = {}
    for source in SOURCES:
        folder = tmp_path_factory.mktemp(source.stem)
        data = load(source)
        code, stderr = render(write_meeting(folder, source.stem, data), folder / "out")
        assert code == 0, stderr
        found[source] = Baseline(data, files_of(folder / "out"),
                                 docx_text(folder / "out" / f"{source.stem}.docx"))
    return found


def value_lines(yaml_text: str, path) -> range:
    """Return the lines (1-based) the value at ``path`` spans in ``yaml_text``."""
    node = yaml.compose(yaml_text)
    for key in path:
        if isinstance(node, yaml.MappingNode):
            node = next(v for k, v in node.value if k.value == key)
        else:
            node = node.value[key]
    return range(node.start_mark.line + 1, node.end_mark.line + 2)


def run_hostile(baseline: Baseline, source: Path, path, text: str, printed=False) -> int:
    """Render ``source`` with ``text`` at ``path`` over the example's good output; check
    every property that holds whatever the text; return the exit code.

    On exit 0 the text must print as typed if the field prints its text as it is
    and the text holds no Markdown, or if ``printed`` says it must whatever it holds.
    """
    data = copy.deepcopy(baseline.data)
    set_at(data, path, text)
    with tempfile.TemporaryDirectory() as tmp:
        meeting = write_meeting(Path(tmp), source.stem, data)
        out_dir = Path(tmp) / "out"
        out_dir.mkdir()
        for name, content in baseline.files.items():
            (out_dir / name).write_bytes(content)
        yaml_text = meeting.read_text(encoding="utf-8")
        try:                    # what the file holds: PyYAML's dump is not always exact
            held = get_at(yaml.safe_load(yaml_text), path)
        except yaml.YAMLError:
            held = text
        code, stderr = render(meeting, out_dir)
        head = f"field {'.'.join(map(str, path))} = {held!r}: exit {code}: {stderr[:400]}"

        # A bug (1) or a broken template (3) is never the user's text's fault; but a
        # character no installed font has stops the PDF (3), naming it and what to do.
        assert code in (0, 2) or (code == 3 and NO_GLYPH.search(stderr)), head
        assert "Traceback" not in stderr and "internal error" not in stderr, head
        if refused(held):
            assert code == 2, f"text with a control/noncharacter or blank accepted: {head}"

        if code == 3:
            assert files_of(out_dir) == baseline.files, f"good output touched: {head}"
        elif code == 0:
            assert set(files_of(out_dir)) == {f"{source.stem}.{fmt}"
                                              for fmt in ("docx", "pdf", "html")}, head
            shown = docx_text(out_dir / f"{source.stem}.docx")
            assert len(PdfReader(out_dir / f"{source.stem}.pdf").pages) > 0, head
            page = html_text(out_dir / f"{source.stem}.html")
            original = normalise(NOTE_CALL.sub("", get_at(baseline.data, path)))
            if printed or (original in baseline.text and not MARKDOWN & set(held)):
                assert normalise(held) in shown, f"text not printed as typed: {head}"
                assert normalise(held) in page, f"text not in the page as typed: {head}"
        else:
            # Every line is a located problem or the summary; the old output is intact.
            # A problem found while reading the YAML (one only) comes after "palais: ".
            name = re.escape(str(meeting))
            problem = re.compile(rf"(?:palais: )?{name}:(\d+):(\d+): ")
            summary = re.compile(rf"palais: {name}: \d+ problems?; nothing written")
            lines = stderr.rstrip("\n").split("\n")
            for line in lines:
                assert problem.match(line) or summary.fullmatch(line), \
                    f"unlocated line {line!r}: {head}"
            if refused(held):
                where = value_lines(yaml_text, path)
                assert any(int(m.group(1)) in where for m in map(problem.match, lines) if m), \
                    f"no problem at lines {where.start}-{where.stop - 1}: {head}"
            assert files_of(out_dir) == baseline.files, f"good output touched: {head}"
    return code


# Any character at all, surrogates and noncharacters included, mixed with the
# pieces users (and attackers) type: markup, template syntax, bidi controls, scripts.
PIECES = ["\u200f", "\u202e", "\ufeff", "\ufffe", "\udc00", "\x00", "\x1b", "&", "<", ">",
          "{{", "}}", "{%", "_", "*", "**", "[", "]", "(", ")", "^[", "[^x]", "`", "#", "\\",
          '"', "'", "«", "ı", "ễ", "الدورة", "第八十届", "😀", " ", "\n"]
ANY_TEXT = st.lists(st.one_of(st.characters(min_codepoint=0, max_codepoint=0x10FFFF,
                                            exclude_categories=()),
                              st.sampled_from(PIECES)),
                    min_size=1, max_size=24).map("".join)

# Markup-like text with no Markdown the engine honours: all of it must print as typed.
LITERAL_PIECES = ["&", "&amp;", "&lt;", "<", ">", "<b>", "</b>", "<script>", "]]>", "{{", "}}",
                  "{{ 7+7 }}", "{%", "%}", "{#", "{state}", "%s", "_", "__", "__class__",
                  "`", "``", "#", "# ", "> ", "- ", "1. ", "|", "~~", '"', "'", "«", "»", "!",
                  "?", ":", ";", "ı", "İ", "ễ", "ß", "ﬁ", "الدورة", "第八十届", "😀",
                  "\u200f", "\u202e", "\u200b", "\ufeff", "\u00a0", "word", "a1",
                  "https://example.org/a_b_c"]
SEPARATORS = ["", " ", "  ", "\n", "\t"]
LITERAL_TEXT = st.lists(st.tuples(st.sampled_from(LITERAL_PIECES), st.sampled_from(SEPARATORS)),
                        min_size=1, max_size=10).map(lambda pairs: "".join(a + b for a, b in pairs))


@PROPERTY
@given(field=st.sampled_from(FIELDS), text=ANY_TEXT)
def test_any_text_renders_or_is_refused_where_it_is(baselines, field, text):
    source, path = field
    code = run_hostile(baselines[source], source, path, text)
    event(f"exit {code}")
    if not refused(text) and not NOTE_CALL.search(text):
        assert code in (0, 3), f"clean text refused: {'.'.join(map(str, path))} = {text!r}"


@PROPERTY
@given(field=st.sampled_from(FIELDS), text=LITERAL_TEXT)
def test_markup_like_text_prints_as_typed(baselines, field, text):
    source, path = field
    code = run_hostile(baselines[source], source, path, text)
    event(f"exit {code}")
    if not refused(text):
        assert code in (0, 3), f"clean text refused: {'.'.join(map(str, path))} = {text!r}"


LETTER = EXAMPLES / "en" / "co-signed-letter.yaml"
STARTER = EXAMPLES / "starter-chair-summary.yaml"
BODY = ("letter", "body", 0)
# (id, text): each must render and print as typed, in a paragraph of a letter
# ("7*7" has no closing star, so it is no emphasis).
PRINTED = [
    ("html-and-templates", "&amp; <b>bold</b> {{ 7*7 }} {% for %}"),
    ("dunder", "__class__"),
    ("underscore-emphasis", "_emph_"),
    ("intraword-underscores", "snake_case_name and file_name.py"),
    ("backticks", "`code`"),
    ("heading", "# heading"),
    ("quote", "> quote"),
    ("list-markers", "- item 1. item"),
    ("newline", "line\nbreak"),
    ("hard-break", "hard  \nbreak"),
    ("tab", "\t tab"),
    ("rtl-override", "\u202eabc"),
    ("zero-width", "mark\u200fed\u200bzero\ufeffwidth"),
    ("arabic", "الدورة الثمانون للجمعية العامة"),
    ("chinese", "大会第八十届会议"),
    ("case-traps", "İstanbul ı ễ ß ﬁ"),
    ("quotes", "\"double\" and 'single' and it's"),
    ("placeholders", "{state} {date} %s {0} $HOME"),
    ("xml-like", "<script>alert(1)</script> <w:t>x</w:t> ]]> &#0;"),
    ("long", "x" * 20000),
]
# (id, text): each must be refused, exit 2, at its line.
REFUSED = [
    ("nul", "a\x00b"),
    ("bell", "bell \x07"),
    ("escape", "esc \x1b[31m red"),
    ("del", "del \x7f"),
    ("c1", "csi \x9b"),
    ("fffe", "x\ufffe"),
    ("ffff", "x\uffff"),
    ("fdd0", "x\ufdd0"),
    ("plane-1-nonchar", "x\U0001fffe"),
    ("last-nonchar", "x\U0010ffff"),
    ("lone-surrogate", "lone \ud800 surrogate"),
    ("spaces", "   "),
    ("tab-newline", "\t\n"),
    ("ideographic-space", "\u3000"),
    ("nbsp", "\u00a0"),
]


@pytest.mark.parametrize("text", [t for _, t in PRINTED], ids=[i for i, _ in PRINTED])
def test_nasty_text_prints_as_typed(baselines, text):
    assert run_hostile(baselines[LETTER], LETTER, BODY, text, printed=True) == 0


def test_a_character_no_font_has_stops_the_pdf_and_says_what_to_install(baselines):
    code = run_hostile(baselines[LETTER], LETTER, BODY, "emoji 😀 and 👩🏽‍⚖️")
    assert code == 3


def test_a_character_no_font_has_is_reported_at_its_line_and_field(baselines, tmp_path):
    data = copy.deepcopy(baselines[LETTER].data)
    set_at(data, ("annexes", 0, "paragraphs", 1), "Runes \u16a0\u16a1 here")
    meeting = write_meeting(tmp_path, "runes", data)
    code, stderr = render(meeting, tmp_path / "out")
    line = next(number for number, text in
                enumerate(meeting.read_text(encoding="utf-8").splitlines(), 1) if "Runes" in text)
    assert code == 3
    assert re.search(rf"^palais: {re.escape(str(meeting))}:{line}:\d+: annexes\[0\]"
                     r"\.paragraphs\[1\]: U\+16A0 RUNIC LETTER", stderr), stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("source, path", [
    (STARTER, ("document", "agenda-item", "title")),
    (STARTER, ("participants", "groups", 0, "people", 0, "name")),
], ids=["masthead-title", "table-cell"])
def test_a_very_long_word_prints_in_narrow_places(baselines, source, path):
    # 5,000 letters: a table row taller than a page is cut (with a warning), and the
    # PDF's time to break a word grows faster than its length (20,000 take 5 s here).
    assert run_hostile(baselines[source], source, path, "x" * 5000, printed=True) == 0


@pytest.mark.parametrize("text", [t for _, t in REFUSED], ids=[i for i, _ in REFUSED])
def test_control_and_blank_text_is_refused(baselines, text):
    assert run_hostile(baselines[LETTER], LETTER, BODY, text) == 2


@PROPERTY
@given(field=st.sampled_from(FIELDS), text=st.one_of(ANY_TEXT, LITERAL_TEXT))
def test_any_text_is_checked_and_compared_or_refused_where_it_is(field, text):
    """The preflight and the comparison read any text a file can hold: they answer
    (check: 0; compare --check: 0 or 1) or refuse it at its place (2); never a bug."""
    source, path = field
    data = load(source)
    set_at(data, path, text)
    with tempfile.TemporaryDirectory() as tmp:
        base = write_meeting(Path(tmp), "base", load(source))
        meeting = write_meeting(Path(tmp), "draft", data)
        for args, allowed in ((["check", str(meeting)], (0, 2)),
                              (["compare", str(base), str(meeting), "--check", "--format",
                                "docx"], (0, 1, 2))):
            err = StringIO()
            code = main(args, stdout=StringIO(), stderr=err)
            said = err.getvalue()
            head = f"{args[0]}: {'.'.join(map(str, path))} = {text!r}: exit {code}: {said[:300]}"
            # a character no installed font has stops the PDF a comparison lays out for
            # its contents' pages (3), saying which and what to install, at its field
            assert code in allowed or (code == 3 and NO_GLYPH.search(said)), head
            assert "Traceback" not in said and "internal error" not in said, head
            if code == 2:
                assert re.search(rf"{re.escape(str(meeting))}:\d+:\d+: ", said), head
