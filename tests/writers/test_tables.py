"""Tests for engine/writers/pdf_table.py and docx_table.py: long tables, headers, notes, widths."""
import dataclasses
import io
import re
import zipfile
from collections import defaultdict

import pytest
from lxml import etree
from pypdf import PdfReader

from palais.errors import StyleError
from palais.reader import read_document
from palais.styles import resolve_styles
from palais.units import Pt
from palais.writers.docx import DocxWriter
from palais.writers.docx.table import column_widths
from palais.writers.pdf import PdfWriter

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
NOTED = {5: "n5", 61: "n61", 117: "n117"}        # row -> the note it calls


def w(name):
    return f"{{{W}}}{name}"


@pytest.fixture(scope="module")
def sheet():
    return resolve_styles("un-newyork")


def long_table(rows=120) -> str:
    """Return markup of a 4-column table: a header row, then ``rows`` rows of unique words."""
    out = ['<table widths="1,4,3,4"><row header="true"><cell>ColA</cell><cell>ColB</cell>'
           '<cell>ColC</cell><cell>ColD</cell></row>']
    for i in range(1, rows + 1):
        # every third row wraps over three lines: a page break is likely to fall in one
        extra = " ".join(f"w{i:03d}{c}" for c in "abcdefghijkl") if i % 3 == 0 else ""
        note = f'<note id="{NOTED[i]}">Note of row {i}.</note>' if i in NOTED else ""
        call = f" call{note}" if note else ""           # the mark sticks to "call", not a token
        out.append(f"<row><cell>r{i:03d}</cell><cell>b{i:03d} {extra}{call}</cell>"
                   f"<cell>c{i:03d}</cell><cell>d{i:03d}</cell></row>")
    return "".join(out) + "</table>"


def document(body: str):
    return read_document(f'<document lang="fr"><section>{body}</section></document>')


def words_by_page(reader):
    """Return {word: [page numbers]} and {page: [(x, y, word)]} for every word drawn."""
    pages_of, runs = defaultdict(list), defaultdict(list)
    for number, page in enumerate(reader.pages, 1):
        def visit(text, cm, tm, font, size, number=number):
            for word in text.split():
                runs[number].append((cm[4] + tm[4], cm[5] + tm[5], word))
        page.extract_text(visitor_text=visit)
        for word in page.extract_text().split():
            pages_of[word].append(number)
    return pages_of, runs


def _rendered(sheet, doc, rows_at_a_time: bool):
    """Render ``doc``; with ``rows_at_a_time`` every table of more than ten rows is made
    a page at a time (table.RowRun), as a table of thousands of rows is; without, every
    table is made whole, however long."""
    from palais.writers.pdf import table
    with pytest.MonkeyPatch.context() as patch:
        if rows_at_a_time:
            # tables of a few rows at first, so that growing and cutting them is used
            patch.setattr(table, "LONG_TABLE", 10)
            patch.setattr(table.RowRun, "FIRST_STEP", 4)
        else:
            patch.setattr(table, "LONG_TABLE", 10 ** 9)
        writer = PdfWriter(sheet)
        return writer, writer.render(doc)


@pytest.fixture(scope="module", params=["whole", "a page at a time"])
def long_pdf(sheet, request):
    writer, data = _rendered(sheet, document("<para>Before the table.</para>" + long_table()),
                             request.param != "whole")
    writer.rows_at_a_time = request.param != "whole"
    return writer, data, PdfReader(io.BytesIO(data))


def test_pdf_a_long_table_made_a_page_at_a_time_sets_every_word_where_the_whole_does(sheet):
    doc = document("<para>Before the table.</para>" + long_table(200))
    (whole, a), (run, b) = _rendered(sheet, doc, False), _rendered(sheet, doc, True)
    assert whole.pages == run.pages and whole.note_pages == run.note_pages
    assert words_by_page(PdfReader(io.BytesIO(a)))[1] == words_by_page(PdfReader(io.BytesIO(b)))[1]


def test_pdf_a_heading_kept_with_a_long_table_measures_a_page_of_rows_not_all(sheet):
    # reportlab asks a group kept together (the heading and the table) for its height
    # with no limit; the rows past the tallest page are not made or measured for it.
    from palais.writers.pdf import table
    doc = document("<heading>Participants</heading>" + long_table(300))
    made = []
    make_head = table.RowRun._head

    def head(self, count):
        made.append(min(self._start + count, len(self._rows)) - self._start)
        return make_head(self, count)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(table.RowRun, "_head", head)
        run, data = _rendered(sheet, doc, True)
    whole, whole_data = _rendered(sheet, doc, False)
    assert run.pages == whole.pages >= 8
    assert words_by_page(PdfReader(io.BytesIO(data)))[1] == \
        words_by_page(PdfReader(io.BytesIO(whole_data)))[1]
    assert max(made) < 300 // 2


@pytest.mark.parametrize("rows_at_a_time", [False, True], ids=["whole", "a page at a time"])
def test_pdf_each_row_of_a_long_table_is_measured_once(sheet, rows_at_a_time):
    # wrapped to be placed, then split, a page's part is asked its height three times
    import sys
    from reportlab.platypus import tables
    measured = defaultdict(int)
    cell_geometry = tables.Table._listCellGeom

    def counting(self, cell, *args, **kwargs):
        if sys._getframe(1).f_code.co_name == "_calc_height":
            measured[id(cell[0])] += 1
        return cell_geometry(self, cell, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tables.Table, "_listCellGeom", counting)
        writer, _ = _rendered(sheet, document(long_table(200)), rows_at_a_time)
    assert writer.pages >= 6
    again = [count for count in measured.values() if count > 1]
    assert len(measured) >= 4 * 200 and len(again) <= 4      # the header row's, on each page


# -- PDF ------------------------------------------------------------------------

def test_pdf_long_table_runs_over_several_pages_each_row_once(long_pdf):
    writer, _, reader = long_pdf
    assert writer.pages >= 4 and writer.warnings == []
    pages_of, _ = words_by_page(reader)
    for i in range(1, 121):
        tokens = [f"r{i:03d}", f"b{i:03d}", f"c{i:03d}", f"d{i:03d}"]
        tokens += [f"w{i:03d}{c}" for c in "abcdefghijkl"] if i % 3 == 0 else []
        seen = [pages_of[t] for t in tokens]
        assert all(len(p) == 1 for p in seen), (i, seen)            # drawn exactly once
        assert len({p[0] for p in seen}) == 1, (i, seen)            # the row is not split


def test_pdf_header_row_tops_the_table_on_every_page(long_pdf):
    _, _, reader = long_pdf
    pages_of, runs = words_by_page(reader)
    table_pages = sorted({pages_of[f"r{i:03d}"][0] for i in range(1, 121)})
    assert table_pages == list(range(1, len(reader.pages) + 1))
    for page in table_pages:
        header = [y for x, y, word in runs[page] if word == "ColA"]
        rows = [y for x, y, word in runs[page] if re.fullmatch(r"r\d{3}", word)]
        assert len(header) == 1 and rows and header[0] > max(rows)


def test_pdf_note_called_in_a_row_is_at_the_foot_of_that_rows_page(long_pdf):
    writer, _, reader = long_pdf
    pages_of, _ = words_by_page(reader)
    for row, note_id in NOTED.items():
        page = pages_of[f"r{row:03d}"][0]
        assert writer.call_pages[note_id] == writer.note_pages[note_id] == page
        assert f"Note of row {row}." in reader.pages[page - 1].extract_text()


def test_pdf_columns_follow_the_relative_widths(long_pdf, sheet):
    _, _, reader = long_pdf
    _, runs = words_by_page(reader)
    x = {word: x for x, y, word in runs[1] if word.startswith("Col")}
    left, pad, frame = sheet.page.margin_left.pt, 3, sheet.page.frame_width.pt
    starts = [0, 1, 5, 8]                                # widths 1,4,3,4 of 12
    for word, start in zip(("ColA", "ColB", "ColC", "ColD"), starts):
        assert x[word] == pytest.approx(left + pad + frame * start / 12, abs=0.01)


def test_pdf_table_is_reproducible(sheet, long_pdf):
    writer, data, _ = long_pdf
    _, again = _rendered(sheet, document("<para>Before the table.</para>" + long_table()),
                         writer.rows_at_a_time)
    assert again == data


@pytest.mark.parametrize("rows_at_a_time", [False, True])
def test_pdf_row_taller_than_a_page_is_cut_with_a_warning(sheet, rows_at_a_time):
    words = " ".join(f"t{i:04d}" for i in range(1500))
    short = ["".join(f"<row><cell>s{i}</cell><cell>short</cell></row>" for i in numbers)
             for numbers in (range(2), range(2, 32))]
    doc = document('<table widths="1,3"><row header="true"><cell>ColA</cell><cell>ColB</cell>'
                   f'</row>{short[0]}<row><cell>first</cell><cell>{words}</cell></row>'
                   f'{short[1]}<row><cell>last</cell><cell>end</cell></row></table>')
    writer, data = _rendered(sheet, doc, rows_at_a_time)
    reader = PdfReader(io.BytesIO(data))
    assert [code for code, _ in writer.warnings] == ["table-row-split"]
    pages_of, _ = words_by_page(reader)
    assert all(len(pages_of[f"t{i:04d}"]) == 1 for i in range(1500))
    assert len({pages_of[f"t{i:04d}"][0] for i in range(1500)}) > 1
    assert pages_of["ColA"] == list(range(1, len(reader.pages) + 1))


def test_pdf_header_fill_text_colour_and_indent_come_from_the_sheet(sheet):
    blue = dataclasses.replace(sheet, tables={"Table": {"header-fill": "0033A0",
                                                        "header-text": "FFFFFF",
                                                        "indent-left": "63pt"}})
    data = PdfWriter(blue).render(document(
        '<table><row header="true"><cell>Head</cell></row><row><cell>Body</cell></row></table>'))
    reader = PdfReader(io.BytesIO(data))
    content = reader.pages[0].get_contents().get_data().decode("latin-1")
    assert re.search(r"0 \.2 \.627451 rg", content)         # the fill
    assert re.search(r"1 1 1 rg[^T]*BT", content)           # white text
    _, runs = words_by_page(reader)
    x = {word: x for x, y, word in runs[1]}
    assert x["Head"] == x["Body"] == pytest.approx(sheet.page.margin_left.pt + 63 + 3)


# -- DOCX -----------------------------------------------------------------------

def render_docx(sheet, body, options=None):
    writer = DocxWriter(sheet, options)
    data = writer.render(document(body))
    archive = zipfile.ZipFile(io.BytesIO(data))
    return writer, data, lambda name: etree.fromstring(archive.read(name))


SMALL = ('<table widths="1,4,3,4"><row header="true"><cell>#</cell><cell>MCIM</cell>'
         '<cell>Nom</cell><cell>Titre</cell></row>'
         '<row><cell span="4"><strong>Première journée</strong></cell></row>'
         '<row><cell>1.</cell><cell>Dialogue 5+5<note id="x">Called in a cell.</note></cell>'
         '<cell>M. X</cell><cell><para>Directeur</para><list labels="•"><item>un</item></list>'
         '</cell></row></table>')


@pytest.fixture(scope="module")
def small_docx(sheet):
    blue = dataclasses.replace(sheet, tables={"Table": dict(
        sheet.tables["Table"], **{"header-fill": "0033A0", "header-text": "FFFFFF",
                                  "indent-left": "63pt"})})
    return render_docx(blue, SMALL)


def test_docx_header_rows_repeat_and_no_row_breaks(small_docx):
    _, _, part = small_docx
    rows = part("word/document.xml").findall(".//w:tbl/w:tr", NS)
    assert len(rows) == 3
    assert [r.find("w:trPr/w:tblHeader", NS) is not None for r in rows] == [True, False, False]
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)


def test_docx_span_widths_and_fixed_grid(small_docx, sheet):
    _, _, part = small_docx
    table = part("word/document.xml").find(".//w:tbl", NS)
    grid = [int(c.get(w("w"))) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    total = (sheet.page.frame_width - Pt(63)).twips
    assert sum(grid) == total
    assert [g / total for g in grid] == pytest.approx([1 / 12, 4 / 12, 3 / 12, 4 / 12], abs=1e-3)
    assert table.find("w:tblPr/w:tblLayout", NS).get(w("type")) == "fixed"
    # Word's own mode: the indent places the table's border, at the sheet's indent
    assert table.find("w:tblPr/w:tblInd", NS).get(w("w")) == str(Pt(63).twips)
    day = table.findall("w:tr", NS)[1].findall("w:tc", NS)
    assert len(day) == 1 and day[0].find("w:tcPr/w:gridSpan", NS).get(w("val")) == "4"
    assert day[0].find("w:tcPr/w:tcW", NS).get(w("w")) == str(total)
    for row in table.findall("w:tr", NS)[::2]:
        assert [int(c.find("w:tcPr/w:tcW", NS).get(w("w"))) for c in row.findall("w:tc", NS)] \
            == grid
    borders = table.find("w:tblPr/w:tblBorders", NS)
    assert {(b.get(w("val")), b.get(w("sz"))) for b in borders} == {("single", "4")}


def test_docx_header_cells_are_shaded_with_header_text_colour(small_docx):
    _, _, part = small_docx
    rows = part("word/document.xml").findall(".//w:tbl/w:tr", NS)
    for cell in rows[0].findall("w:tc", NS):
        assert cell.find("w:tcPr/w:shd", NS).get(w("fill")) == "0033A0"
        assert {c.get(w("val")) for c in cell.iter(w("color"))} == {"FFFFFF"}
    assert rows[1].find(".//w:shd", NS) is None
    assert rows[0].find(".//w:pStyle", NS).get(w("val")) == "TableHeader"
    assert rows[2].find(".//w:pStyle", NS).get(w("val")) == "TableText"


def test_docx_note_in_a_cell_is_a_real_footnote(small_docx):
    writer, _, part = small_docx
    rows = part("word/document.xml").findall(".//w:tbl/w:tr", NS)
    ref = rows[2].find(".//w:footnoteReference", NS)
    assert ref is not None
    notes = part("word/footnotes.xml").findall("w:footnote", NS)
    note = next(n for n in notes if n.get(w("id")) == ref.get(w("id")))
    assert "Called in a cell." in "".join(t.text for t in note.iter(w("t")))
    assert writer.warnings == []


def test_docx_cell_blocks_keep_their_order_and_styles(small_docx):
    _, _, part = small_docx
    last = part("word/document.xml").findall(".//w:tbl/w:tr", NS)[2].findall("w:tc", NS)[3]
    paras = last.findall("w:p", NS)
    assert ["".join(t.text for t in p.iter(w("t"))) for p in paras] == ["Directeur", "un"]
    assert [p.find("w:pPr/w:pStyle", NS).get(w("val")) for p in paras] \
        == ["TableText", "TableList"]
    # the bullet is Word's numbering's
    assert paras[0].find("w:pPr/w:numPr", NS) is None
    assert paras[1].find("w:pPr/w:numPr", NS) is not None


def test_docx_table_is_reproducible(sheet):
    _, first, _ = render_docx(sheet, long_table(30))
    _, second, _ = render_docx(sheet, long_table(30))
    assert first == second


def test_docx_tables_back_to_back_stay_apart(sheet):
    one = '<table><row><cell>a</cell></row></table>'
    _, _, part = render_docx(sheet, one + one)
    body = [etree.QName(e).localname for e in part("word/document.xml").find("w:body", NS)]
    assert body[:3] == ["tbl", "p", "tbl"]


# -- helpers and style sheet -------------------------------------------------------

def test_column_widths_are_whole_twips_that_add_up():
    widths = column_widths(Pt(100), (1, 1, 1))
    assert [x.twips for x in widths] == [667, 666, 667]
    assert sum(x.twips for x in widths) == 2000


def test_table_look_defaults_and_errors(sheet):
    look = sheet.table("Table")
    assert (look.rule, look.rule_color, look.header_fill, look.padding) == \
        (Pt(0.5), "000000", "FFFFFF", Pt(3))
    with pytest.raises(StyleError, match="no table style 'Grid'.*known: Table"):
        sheet.table("Grid")
    bad = dataclasses.replace(sheet, tables={"Table": {"header-fill": 0}})
    with pytest.raises(StyleError, match="tables.Table.header-fill: expected a colour"):
        bad.table("Table")
    typo = dataclasses.replace(sheet, tables={"Table": {"paddin": "2pt"}})
    with pytest.raises(StyleError, match="did you mean 'padding'"):
        typo.table("Table")
    plain = dataclasses.replace(sheet, tables={"Table": {"header-fill": "none",
                                                         "header-text": "none", "rule": "0pt"}})
    look = plain.table("Table")
    assert (look.header_fill, look.header_text, look.rule) == (None, None, Pt(0))


def test_header_text_none_keeps_the_header_style_colour(sheet):
    plain = dataclasses.replace(sheet, tables={"Table": {"header-text": "none", "rule": "0pt"}})
    _, _, part = render_docx(plain, '<table><row header="true"><cell>H</cell></row></table>')
    table = part("word/document.xml").find(".//w:tbl", NS)
    assert table.find(".//w:color", NS) is None
    assert {b.get(w("val")) for b in table.find("w:tblPr/w:tblBorders", NS)} == {"nil"}
