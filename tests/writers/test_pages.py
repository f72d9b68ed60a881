"""Tests for page styles in both writers: cover, plain and odd-page sections, running matter."""
import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from palais import compose, fonts
from palais.errors import StyleError, TemplateError
from palais.reader import read_document
from palais.styles import FontSpec, resolve_styles
from palais.writers.docx import DocxWriter
from palais.writers.docx import ooxml, parts
from palais.writers.pdf import PdfWriter

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R,
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
A4 = (595.2756, 841.8898)
LEFT, RIGHT = 70.86614, 595.2756 - 70.86614          # 25mm margins

SHEET = """\
extends: un-newyork
page: {{width: 210mm, height: 297mm, margin-left: 25mm, margin-right: 25mm}}
fonts:
  sans: {{families: [Arial, Liberation Sans, Arimo], builtin: Helvetica,
          glyph-fallbacks: [Noto Sans], docx-name: Arial}}
running:
  header-text: "{header}"
  page-number: "{{page}}"
  page-number-position: {position}
  job-number: false
  first-page: none
cover: {{band-color: "0033A0", band-top: 0pt, band-height: 360pt}}
styles:
  CoverTitle: {{based-on: Normal, font: sans, size: 24pt, leading: 29pt, color: "FFFFFF"}}
  IomH1: {{based-on: H1, font: sans, color: "0033A0"}}
"""

# Cover, imprint (plain), title page (plain, odd), three parts on odd pages, the
# second two pages long, and an annex on the next page.
MARKUP = """<document lang="en" symbol="A/1/2" job-number="13-00001" title="Summary">
<section role="front" page-style="cover"><para style="CoverTitle">Cover title</para></section>
<section role="front" new-page="true" page-style="plain"><para>Imprint text.</para></section>
<section role="front" new-page="odd" page-style="plain"><para>Title page.</para></section>
<section role="body" new-page="odd"><heading style="IomH1" number="1">Intro</heading>
  <para>Intro body.</para></section>
<section role="body" new-page="odd"><heading style="IomH1" number="2">Second</heading>
  <para>Second body.</para><page-break/><para>Second, page two.</para></section>
<section role="body" new-page="odd"><heading style="IomH1" number="3">Third</heading>
  <para>Third body.</para></section>
<section role="annex" new-page="true" number="1"><para>Annex text.</para></section>
</document>"""
STARTS = {"Cover title": 1, "Imprint text.": 2, "Title page.": 3, "Intro": 5, "Second": 7,
          "Second, page two.": 8, "Third": 9, "Annex text.": 10}


def make_sheet(folder, header="", position="center"):
    (folder / "styles").mkdir(parents=True, exist_ok=True)
    (folder / "styles" / "iomlike.yaml").write_text(SHEET.format(header=header, position=position),
                                         encoding="utf-8")
    return resolve_styles("iomlike", [folder])


@pytest.fixture(scope="module")
def sheet(tmp_path_factory):
    return make_sheet(tmp_path_factory.mktemp("styles"))


@pytest.fixture(scope="module")
def document():
    return read_document(MARKUP)


@pytest.fixture(scope="module")
def pdf(sheet, document):
    writer = PdfWriter(sheet)
    return writer, PdfReader(io.BytesIO(writer.render(document)))


def runs(page):
    """Return (x, y, text) of every text run of ``page``."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((cm[4] + tm[4], cm[5] + tm[5], text.strip()))
    page.extract_text(visitor_text=visit)
    return found


def stream(page) -> str:
    """Return the decoded content stream of ``page``."""
    contents = page.get_contents()
    return "" if contents is None else contents.get_data().decode("latin-1")


# -- markup and sheet -----------------------------------------------------------

def test_reader_reads_odd_starts_and_page_styles(document):
    cover, imprint, title, intro = document.sections[:4]
    assert (cover.new_page, cover.odd, cover.page_style) == (False, False, "cover")
    assert (imprint.new_page, imprint.odd, imprint.page_style) == (True, False, "plain")
    assert (title.new_page, title.odd, title.page_style) == (True, True, "plain")
    assert (intro.new_page, intro.odd, intro.page_style) == (True, True, "")


@pytest.mark.parametrize("attribute, value", [("new-page", "yes"), ("page-style", "fancy")])
def test_reader_rejects_unknown_section_values(attribute, value):
    with pytest.raises(TemplateError, match=f"{attribute}='{value}': expected one of"):
        read_document(f'<document><section {attribute}="{value}"><para>x</para></section>'
                      "</document>")


def test_running_keys_are_checked_when_the_sheet_is_read(tmp_path):
    with pytest.raises(StyleError, match=r"iomlike.yaml:\d+:\d+: running.page-number-position: "
                                         "expected one of 'outer', 'center', got 'left'"):
        make_sheet(tmp_path, position="left")
    with pytest.raises(StyleError, match=r"running.header-text: '\{symbol\} \{job\}' is not of"):
        make_sheet(tmp_path, header="{symbol} {job}")


def test_un_sheet_keeps_its_running_matter():
    running = resolve_styles("un-newyork").running_matter()
    assert (running.header_text, running.page_number, running.position, running.job_number,
            running.first_page) == ("{symbol}", "{page}/{pages}", "outer", True, "masthead")


# -- PDF ------------------------------------------------------------------------

def test_pdf_sections_start_on_their_pages(pdf):
    writer, reader = pdf
    assert len(reader.pages) == writer.pages == 10
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4)
    found = {}
    for number, page in enumerate(reader.pages, 1):
        for _, _, text in runs(page):
            found.setdefault(text, number)
    assert {text: found.get(text) for text in STARTS} == STARTS


def test_pdf_blank_versos_are_empty(pdf):
    _, reader = pdf
    for number in (4, 6):
        page = reader.pages[number - 1]
        assert runs(page) == []
        assert not re.search(r"\b(Tj|TJ|re)\b", stream(page))


def test_pdf_cover_page_has_the_band_and_white_text(pdf):
    _, reader = pdf
    cover = stream(reader.pages[0])
    band = re.search(r"0 \.2 \.627451 rg\s+n 0 ([\d.]+) ([\d.]+) 360 re f", cover)
    assert band, cover[:300]
    assert float(band.group(1)) == pytest.approx(A4[1] - 360)       # from the page top
    assert float(band.group(2)) == pytest.approx(A4[0])             # the whole width
    assert re.search(r"1 1 1 rg\s+BT .*\(Cover title\)", cover)
    for number in (2, 3, 5):
        assert " re f" not in stream(reader.pages[number - 1])


def test_pdf_plain_pages_have_no_running_matter(pdf):
    _, reader = pdf
    for number in (1, 2, 3):
        texts = [text for _, _, text in runs(reader.pages[number - 1])]
        assert not any(t.isdigit() for t in texts), (number, texts)


def test_pdf_body_pages_have_a_centred_number_and_no_header(pdf):
    _, reader = pdf
    for number in (5, 7, 8, 9, 10):
        page_runs = runs(reader.pages[number - 1])
        label = [r for r in page_runs if r[2] == str(number) and r[1] < 100]
        assert len(label) == 1, (number, page_runs)
        assert label[0][0] == pytest.approx((LEFT + RIGHT) / 2, abs=5)
        assert not [r for r in page_runs if r[1] > A4[1] - 60]      # nothing in the header
        assert not re.search(r"\bl\s+S\b", stream(reader.pages[number - 1]))   # no rule


def test_pdf_heading_and_its_number_are_blue(pdf):
    _, reader = pdf
    texts = re.findall(r"BT .*? ET", stream(reader.pages[4]), re.S)
    for word in ("(1)", "(Intro)"):
        drawn = [t for t in texts if f"{word} Tj" in t]
        assert drawn and "0 .2 .627451 rg" in drawn[0] and " 12 Tf" in drawn[0], texts


def test_pdf_outer_numbers_and_header_text(tmp_path, document):
    sheet = make_sheet(tmp_path, header="{title}", position="outer")
    reader = PdfReader(io.BytesIO(PdfWriter(sheet).render(document)))
    for number in (7, 8):
        page_runs = runs(reader.pages[number - 1])
        label = [r for r in page_runs if r[2] == str(number)][0]
        header = [r for r in page_runs if r[2] == "Summary"]
        if number % 2:
            assert label[0] + 2 < RIGHT and label[0] > RIGHT - 15   # right-aligned at the margin
        else:
            assert label[0] == pytest.approx(LEFT)
        assert len(header) == 1 and header[0][1] > A4[1] - 70
    for number in (1, 2, 3, 4):
        assert "Summary" not in [r[2] for r in runs(reader.pages[number - 1])]


# -- DOCX -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def docx_part(sheet, document):
    archive = zipfile.ZipFile(io.BytesIO(DocxWriter(sheet).render(document)))
    return lambda name: etree.fromstring(archive.read(name)), archive


def text_of(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{{{W}}}t"))


def section_props(part):
    body = part("word/document.xml").find("w:body", NS)
    return body.findall("w:p/w:pPr/w:sectPr", NS) + [body.find("w:sectPr", NS)]


def stories(part, sect) -> dict:
    """Return {(kind, "header"|"footer"): part root} for the references of ``sect``."""
    rels = {r.get("Id"): r.get("Target") for r in part("word/_rels/document.xml.rels")}
    out = {}
    for tag in ("header", "footer"):
        for ref in sect.findall(f"w:{tag}Reference", NS):
            out[(ref.get(f"{{{W}}}type"), tag)] = part("word/" + rels[ref.get(f"{{{R}}}id")])
    return out


def test_docx_has_one_word_section_per_page_style_or_odd_start(docx_part):
    part, _ = docx_part
    sects = section_props(part)
    types = [s.find("w:type", NS) for s in sects]
    # cover | imprint (next page) | title, intro, second, third (odd); the annex only breaks
    assert [t.get(f"{{{W}}}val") if t is not None else None for t in types] == \
        [None, None, "oddPage", "oddPage", "oddPage", "oddPage"]
    annex = [p for p in part("word/document.xml").iter(f"{{{W}}}p") if text_of(p) == "Annex text."]
    assert annex[0].find("w:pPr/w:pageBreakBefore", NS) is not None
    for sect in sects:
        size = sect.find("w:pgSz", NS)
        assert (size.get(f"{{{W}}}w"), size.get(f"{{{W}}}h")) == ("11906", "16838")


def test_docx_cover_section_floats_the_band_in_its_first_page_header(docx_part):
    part, archive = docx_part
    cover = section_props(part)[0]
    assert cover.find("w:titlePg", NS) is not None
    matter = stories(part, cover)
    anchor = matter[("first", "header")].find(".//wp:anchor", NS)
    assert anchor.get("behindDoc") == "1"
    assert anchor.find("wp:positionV", NS).get("relativeFrom") == "page"
    assert anchor.find("wp:positionV/wp:posOffset", NS).text == "0"
    extent = anchor.find("wp:extent", NS)
    assert (int(extent.get("cx")), int(extent.get("cy"))) == (round(A4[0] * 12700), 360 * 12700)
    image = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(image) == 1 and b"\x00\x33\xa0" in _png_pixels(archive.read(image[0]))
    for key, story in matter.items():
        assert text_of(story) == "" and story.find(".//w:instrText", NS) is None, key


def _png_pixels(data: bytes) -> bytes:
    import zlib
    start = data.index(b"IDAT") + 4
    length = int.from_bytes(data[start - 8:start - 4], "big")
    return zlib.decompress(data[start:start + length])


def test_docx_plain_sections_have_empty_heads_linked_where_equal(docx_part):
    part, _ = docx_part
    sects = section_props(part)
    cover = stories(part, sects[0])
    for kind in ("default", "even"):
        for tag in ("header", "footer"):
            assert text_of(cover[(kind, tag)]) == ""
            assert cover[(kind, tag)].find(".//w:instrText", NS) is None
    # imprint and title page show the cover's empty default and even stories
    for sect in sects[1:3]:
        assert stories(part, sect) == {}
        assert sect.find("w:titlePg", NS) is None


def test_docx_body_sections_number_pages_in_the_centre(docx_part):
    part, _ = docx_part
    sects = section_props(part)
    body = stories(part, sects[3])
    for kind in ("default", "even"):
        foot = body[(kind, "footer")]
        assert [c.text.strip() for c in foot.iter(f"{{{W}}}instrText")] == ["PAGE"]
        assert "center" in [t.get(f"{{{W}}}val") for t in foot.iter(f"{{{W}}}tab")]
        head = body[(kind, "header")]
        assert text_of(head) == "" and head.find(".//w:pBdr", NS) is None
    assert sects[3].find("w:titlePg", NS) is None
    for sect in sects[4:]:
        assert stories(part, sect) == {}            # linked to the first body section


def test_docx_styles_carry_their_colour(docx_part):
    part, _ = docx_part
    styles = {s.get(f"{{{W}}}styleId"): s for s in part("word/styles.xml").findall("w:style", NS)}
    assert styles["IomH1"].find("w:rPr/w:color", NS).get(f"{{{W}}}val") == "0033A0"
    assert styles["CoverTitle"].find("w:rPr/w:color", NS).get(f"{{{W}}}val") == "FFFFFF"
    heading = [p for p in part("word/document.xml").iter(f"{{{W}}}p") if text_of(p) == "1 Intro"]
    assert heading[0].find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "IomH1"


@pytest.mark.parametrize("with_field", [False, True])
def test_section_break_ends_the_section_at_its_last_paragraph(with_field):
    import docx
    from docx.enum.section import WD_SECTION

    document = docx.Document()
    last = document.add_paragraph("Last words.")
    if with_field:
        ooxml.add_field(last, "PAGE", "1")
    section = parts.section_break(document, WD_SECTION.ODD_PAGE)
    body = document.element.body
    holders = body.findall("w:p/w:pPr/w:sectPr/../..", NS)
    assert len(holders) == 1
    # a paragraph where a field ends keeps out of it: LibreOffice would drop footer fields
    assert (holders[0] is last._p) is not with_field
    assert section.start_type == WD_SECTION.ODD_PAGE
    assert body.find("w:sectPr/w:headerReference", NS) is None


# -- UN documents and fonts -----------------------------------------------------

def test_un_letter_keeps_its_masthead_page_and_running_header():
    composed = compose(EXAMPLES / "ga-letter-lima-2013.yaml")
    document, sheet = composed.document, composed.sheet
    reader = PdfReader(io.BytesIO(PdfWriter(sheet).render(document)))
    first = [text for _, _, text in runs(reader.pages[0])]
    assert "13-37702 (F)    030713    050713" in first
    assert not [t for t in first if re.fullmatch(r"\d+/\d+", t)]
    second = runs(reader.pages[1])
    symbol = [r for r in second if r[2] == document.meta.symbol]
    assert symbol and symbol[0][1] > 792 - 79                   # above the body
    assert f"2/{len(reader.pages)}" in [r[2] for r in second]


def test_builtin_helvetica_stands_in_for_a_missing_sans():
    spec = FontSpec(key="sans", families=("Arial", "Liberation Sans", "Arimo"),
                    builtin="Helvetica", docx_name="Arial")
    resolution = fonts.resolve_font(spec)
    assert resolution.primary.faces == ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique",
                                        "Helvetica-BoldOblique")
    assert not resolution.primary.embedded
    assert "built-in Helvetica (not embedded)" in resolution.describe()
    assert resolution.primary.covers("é") and not resolution.primary.covers("\u0131")
