"""Tests for writers/pdf/hyphens.py, writers/pdf/readout.py and the sheet's hyphenation rules."""
import dataclasses
import io
import re
import zipfile

import pytest
from lxml import etree
from pypdf import PdfReader

from palais.errors import StyleError
from palais.model import Document, Meta, Para, Section, Text
from palais.styles import Hyphenation, resolve_styles
from palais.writers.pdf import hyphens, readout
from palais.writers.docx import DocxWriter
from palais.writers.pdf import PdfWriter

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_breaks_keep_three_letters_each_side():
    hyphenate = hyphens.Hyphenator("fr", Hyphenation())
    pairs = list(hyphenate("internationales"))
    assert pairs and all(len(head) >= 3 and len(tail) >= 3 for head, tail in pairs)
    assert not list(hyphenate("privé"))                  # "pri-vé" would leave two letters
    loose = hyphens.Hyphenator("fr", Hyphenation(min_left=2, min_right=2))
    assert ("pri", "vé") in list(loose("privé"))


def test_capitalised_words_stay_whole_unless_the_sheet_allows():
    assert not list(hyphens.Hyphenator("fr", Hyphenation())("Genève"))
    assert not list(hyphens.Hyphenator("en", Hyphenation())("(Nations"))
    assert list(hyphens.Hyphenator("fr", Hyphenation(capitalised=True))("Organisation"))
    assert not list(hyphens.Hyphenator("fr", Hyphenation())("Organisation"))


def test_a_refused_word_stays_whole_within_the_block_only():
    hyphenate = hyphens.Hyphenator("en", Hyphenation())
    with hyphens.refusing({"international"}):
        assert not list(hyphenate("international,"))
        assert list(hyphenate("development"))
    assert list(hyphenate("international"))


def test_a_run_of_hyphenated_lines_is_found_by_its_word():
    lines = [(0, ["the", "inter-"]), (0, ["national", "develop-"]), (0, ["ment", "of", "co-"]),
             (0, ["operation"])]
    text = "the international development of cooperation"
    ends = hyphens.hyphenated_ends(lines, text)
    assert ends == ["international", "development", "cooperation", None]
    assert hyphens.too_long_run(ends, 2) == "cooperation"
    assert hyphens.too_long_run(ends, 3) is None
    # a hyphen the text has is no hyphenation
    assert hyphens.hyphenated_ends([(0, ["Secretary-"]), (0, ["General"])],
                                   "the Secretary-General") == [None, None]


def _narrow(sheet, **rules):
    return dataclasses.replace(sheet, hyphenation_rules=Hyphenation(**rules))


def _long_paragraphs():
    words = ("internationales développement coopération consultatives régionales "
             "interrégionales Organisation migrations Genève représentants permanents "
             "gouvernementales organisations compréhension").split()
    text = " ".join(words[i % len(words)] for i in range(220))      # one page
    return Document(meta=Meta(language="fr"), sections=(Section(blocks=(
        Para(content=(Text(text),)),)),))


@pytest.fixture(scope="module")
def sheet():
    return resolve_styles("un-newyork")


def _line_ends(data):
    reader = PdfReader(io.BytesIO(data))
    return [line.rstrip() for page in reader.pages
            for line in (page.extract_text() or "").splitlines()]


def test_the_pdf_follows_the_rules(sheet):
    lines = _line_ends(PdfWriter(sheet).render(_long_paragraphs()))
    hyphenated = [bool(re.search(r"\w-$", line)) for line in lines]
    assert sum(hyphenated) > 10
    run = longest = 0
    for flag in hyphenated:
        run = run + 1 if flag else 0
        longest = max(longest, run)
    assert longest <= 2
    for line, following in zip(lines, lines[1:]):
        if re.search(r"\w-$", line):
            head = re.search(r"(\w+)-$", line).group(1)
            assert len(head) >= 3 and len(re.match(r"\w+", following).group(0)) >= 3
            assert not head[:1].isupper(), line


def test_the_sheet_can_allow_longer_runs(sheet):
    lines = _line_ends(PdfWriter(_narrow(sheet, max_consecutive=20, min_left=2,
                                         min_right=2)).render(_long_paragraphs()))
    hyphenated = [bool(re.search(r"\w-$", line)) for line in lines]
    run = longest = 0
    for flag in hyphenated:
        run = run + 1 if flag else 0
        longest = max(longest, run)
    assert longest > 2


def test_a_run_of_hyphenated_lines_is_one_span_with_the_words_whole():
    ends = ["international", None, "development", "cooperation", None, None]
    texts = ["of the inter-", "national order.", "a develop-", "ment of co-", "operation now",
             "last"]
    spans = readout.joined_spans(ends, texts)
    assert spans.opening == {0: "of the international order.",
                             2: "a development of cooperation now"}
    assert spans.closing == {1, 4}


def _spans(data):
    from pypdf.generic import ContentStream
    reader = PdfReader(io.BytesIO(data))
    out = []
    for page in reader.pages:
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"BDC" and operands[0] == "/Span":
                out.append(str(operands[1]["/ActualText"]))
    return out


def test_a_hyphenated_word_is_read_out_of_the_pdf_whole(sheet, tmp_path):
    from clients import client
    data = PdfWriter(sheet).render(_long_paragraphs())
    lines = _line_ends(data)                  # pypdf reads the glyphs: the hyphens are there
    cut = [(re.search(r"(\w+)-$", line).group(1), following.split()[0])
           for line, following in zip(lines, lines[1:]) if re.search(r"\w-$", line)]
    assert cut
    spans = _spans(data)
    assert len(spans) >= len(cut) / 2         # a span holds one to three lines
    joined = " ".join(spans)
    for head, tail in cut:
        assert re.sub(r"\W+$", "", head + tail) in joined
        assert f"{head}-" not in joined
    path = tmp_path / "hyphenated.pdf"
    path.write_bytes(data)
    import subprocess
    text = subprocess.run([client("pdftotext"), "-enc", "UTF-8", str(path), "-"],
                          check=True, capture_output=True, text=True).stdout
    assert not re.search(r"\w-\n", text)
    assert all(re.sub(r"\W+$", "", head + tail) in text for head, tail in cut)




def test_no_break_spaces_are_read_out_as_such(embedded_sheet):
    sheet = embedded_sheet
    text = " ".join(["Les États\u00a0: les migrations\u00a0; le développement."] * 40)
    document = Document(meta=Meta(language="fr"), sections=(Section(blocks=(
        Para(content=(Text(text),)),)),))
    reader = PdfReader(io.BytesIO(PdfWriter(sheet).render(document)))
    read = "".join(page.extract_text() for page in reader.pages)
    assert read.count("\u00a0") == text.count("\u00a0")
    assert "États\u00a0:" in read


def test_word_gets_the_rules_it_has(sheet):
    data = DocxWriter(sheet).render(_long_paragraphs())
    settings = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml"))
    assert settings.find(f"{W}consecutiveHyphenLimit").get(f"{W}val") == "2"
    assert settings.find(f"{W}doNotHyphenateCaps") is not None


def test_the_rules_are_checked_in_the_sheet(tmp_path):
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "mine.yaml").write_text("extends: un-newyork\nhyphenation: {min-left: 0}\n",
                                      encoding="utf-8")
    with pytest.raises(StyleError, match="hyphenation.min-left"):
        resolve_styles("mine", [tmp_path])
    (styles / "mine.yaml").write_text("extends: un-newyork\nhyphenation: {min-left: 2}\n",
                                      encoding="utf-8")
    assert resolve_styles("mine", [tmp_path]).hyphenation_rules.min_left == 2


def test_a_passage_in_another_language_is_hyphenated_by_its_patterns(sheet):
    document = Document(meta=Meta(language="fr"), sections=(Section(blocks=(
        Para(content=(Text("Texte français."),)),
        Para(content=(Text("An English quotation."),), lang="en"))),))
    writer = PdfWriter(sheet)
    writer.render(document)
    languages = {getattr(style.hyphenationLang, "language", None)
                 for style in writer._styles.values()}
    assert {"fr", "en"} <= languages
