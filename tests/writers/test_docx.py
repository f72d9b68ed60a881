"""Tests for engine/writers/docx.py: the Word file's parts, styles, pages and notes."""
import dataclasses
import io
import struct
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from palais.errors import RenderError
from palais.model import (Box, Document, Endnotes, Figure, Heading, Meta, Note, NoteRef, Para,
                          Section, Text, Toc, TocEntry)
from palais.styles import resolve_styles
from palais.units import Pt
from palais.writers import get_writer
from palais.writers.docx import DocxWriter
from palais.writers.images import code39_png
from sample import sample_document

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W,
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
      "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
      "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc": "http://purl.org/dc/elements/1.1/",
      "dcterms": "http://purl.org/dc/terms/"}


def w(name):
    return f"{{{W}}}{name}"


@pytest.fixture(scope="module")
def sheet():
    return resolve_styles("un-newyork")


@pytest.fixture(scope="module")
def docx_bytes(sheet):
    return DocxWriter(sheet).render(sample_document())


@pytest.fixture(scope="module")
def part(docx_bytes):
    archive = zipfile.ZipFile(io.BytesIO(docx_bytes))
    return lambda name: etree.fromstring(archive.read(name))


def text_of(element):
    """Return the text of ``element`` with tabs as \\t, as Word shows it."""
    out = []
    for node in element.iter(w("t"), w("tab")):
        # a w:tab inside w:tabs is a tab stop, not text
        if node.tag == w("tab") and node.getparent().tag == w("tabs"):
            continue
        out.append("\t" if node.tag == w("tab") else node.text or "")
    return "".join(out)


def body_paragraphs(part):
    return part("word/document.xml").findall("w:body/w:p", NS)


def test_writer_is_registered():
    assert get_writer("docx") is DocxWriter
    assert (DocxWriter.name, DocxWriter.format) == ("Word", "docx")


def test_footnotes_part_holds_the_three_notes(part, docx_bytes):
    notes = part("word/footnotes.xml").findall("w:footnote", NS)
    special = {n.get(w("type")): n.get(w("id")) for n in notes if n.get(w("type"))}
    assert special == {"separator": "-1", "continuationSeparator": "0"}
    real = [n for n in notes if not n.get(w("type"))]
    assert [n.get(w("id")) for n in real] == ["1", "2", "3"]
    # the mark starts the note (LibreOffice puts a note's mark first), then a tab
    assert text_of(real[0]) == "*\tA/68/50."
    ind = real[0].find(".//w:pPr/w:ind", NS)
    assert int(ind.get(w("hanging"))) > 0 and int(ind.get(w("left"))) > int(ind.get(w("hanging")))
    assert text_of(real[2]).endswith("Union européenne, Ligue des États arabes.")
    # numbered notes carry Word's own number; the asterisk note does not
    assert real[0].find(".//w:footnoteRef", NS) is None
    assert all(n.find(".//w:footnoteRef", NS) is not None for n in real[1:])
    archive = zipfile.ZipFile(io.BytesIO(docx_bytes))
    assert "footnotes+xml" in archive.read("[Content_Types].xml").decode()
    rels = part("word/_rels/document.xml.rels")
    assert any(r.get("Target") == "footnotes.xml" and r.get("Type").endswith("/footnotes")
               for r in rels)
    settings = part("word/settings.xml")
    assert [f.get(w("id")) for f in settings.findall("w:footnotePr/w:footnote", NS)] == ["-1", "0"]


def test_asterisk_note_is_called_with_a_custom_mark(part):
    refs = part("word/document.xml").findall(".//w:footnoteReference", NS)
    assert [r.get(w("id")) for r in refs] == ["1", "2", "3"]
    star = refs[0]
    assert star.get(w("customMarkFollows")) == "1"
    assert star.getnext().tag == w("t") and star.getnext().text == "*"
    assert all(r.get(w("customMarkFollows")) is None for r in refs[1:])
    run = star.getparent()
    assert run.find("w:rPr/w:rStyle", NS).get(w("val")) == "FootnoteReference"


def test_out_of_sequence_mark_becomes_a_custom_mark(sheet):
    note = Note(id="n", mark="4", custom_mark=False, content=(Text("Four."),))
    doc = Document(Meta(language="en"), (Section((Para((Text("x"), NoteRef(note))),)),), (note,))
    xml = zipfile.ZipFile(io.BytesIO(DocxWriter(sheet).render(doc))).read("word/document.xml")
    ref = etree.fromstring(xml).find(".//w:footnoteReference", NS)
    assert ref.get(w("customMarkFollows")) == "1" and ref.getnext().text == "4"


def test_page_is_us_letter_with_first_page_and_odd_even_heads(part):
    sect = part("word/document.xml").find("w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS)
    assert (size.get(w("w")), size.get(w("h"))) == ("12240", "15840")
    margins = sect.find("w:pgMar", NS)
    assert (margins.get(w("left")), margins.get(w("top"))) == ("1200", "1580")
    assert sect.find("w:titlePg", NS) is not None
    assert part("word/settings.xml").find("w:evenAndOddHeaders", NS) is not None
    kinds = {ref.get(w("type")) for ref in sect.findall("w:headerReference", NS)}
    assert kinds == {"first", "default", "even"}


def test_running_heads_show_the_symbol_and_page_fields(part):
    rels = {r.get("Id"): r.get("Target") for r in part("word/_rels/document.xml.rels")}
    sect = part("word/document.xml").find("w:body/w:sectPr", NS)

    def story(kind, tag):
        ref = [r for r in sect.findall(f"w:{tag}Reference", NS) if r.get(w("type")) == kind][0]
        return part("word/" + rels[ref.get(f"{{{NS['r']}}}id")])

    odd, even = story("default", "header"), story("even", "header")
    assert text_of(odd) == text_of(even) == "A/68/999"
    assert odd.find(".//w:jc", NS).get(w("val")) == "right"
    assert even.find(".//w:jc", NS).get(w("val")) == "left"
    assert odd.find(".//w:pBdr/w:bottom", NS).get(w("sz")) == "4"
    # page 1's header holds the masthead and no running head
    assert text_of(story("first", "header")).startswith("Nations Unies")
    # headers start at the masthead's page-top; the running head keeps its place in
    # a frame, as much space above it as the sheet's header distance is lower
    assert sect.find("w:pgMar", NS).get(w("header")) == str(16 * 20)
    head = odd.find(".//w:p", NS)
    assert head.find("w:pPr/w:framePr", NS) is not None
    assert head.find("w:pPr/w:spacing", NS).get(w("before")) == str((52 - 16) * 20)
    foot = story("default", "footer")
    codes = [c.text.strip() for c in foot.iter(w("instrText"))]
    assert codes == ["PAGE", "NUMPAGES"]
    assert text_of(foot).startswith("13-37702\t")
    assert text_of(story("even", "footer")).endswith("\t13-37702")
    first = story("first", "footer")
    assert "13-37702 (F)    030713    050713" in text_of(first)
    assert "Merci de recycler" in text_of(first)
    assert first.find(".//{*}docPr").get("descr").endswith("*1337702*")


def _first_header(part):
    rels = {r.get("Id"): r.get("Target") for r in part("word/_rels/document.xml.rels")}
    sect = part("word/document.xml").find("w:body/w:sectPr", NS)
    ref = [r for r in sect.findall("w:headerReference", NS) if r.get(w("type")) == "first"][0]
    return part("word/" + rels[ref.get(f"{{{NS['r']}}}id")])


def test_masthead_is_a_borderless_table_in_page_one_s_header(part):
    header = _first_header(part)
    table = header[0]
    assert table.tag == w("tbl")
    assert part("word/document.xml").find("w:body/w:tbl", NS) is None
    # the header ends in a paragraph a point high, as Word asks of a header
    last = header[-1]
    assert last.tag == w("p") and last.find("w:pPr/w:spacing", NS).get(w("line")) == "20"
    rows = table.findall("w:tr", NS)
    heights = [int(r.find("w:trPr/w:trHeight", NS).get(w("val"))) for r in rows]
    assert heights == [42 * 20, round(141.7 * 20)]        # the sheet's, not squeezed
    cells = table.findall("w:tr/w:tc", NS)
    texts = [text_of(c) for c in cells]
    assert texts[1:3] == ["Nations Unies", "A/68/999"]
    assert texts[4] == "Assemblée générale"
    assert "Distr. générale28 juin 2013FrançaisOriginal\u00a0: anglais" == texts[5]
    sizes = [r.find("w:rPr/w:sz", NS).get(w("val")) for r in cells[2].findall(".//w:r", NS)]
    assert sizes == ["40", "20"]                       # "A" 20pt, "/68/999" 10pt
    rules = [c.find(".//w:tcBorders/w:bottom", NS).get(w("sz")) for c in cells]
    assert rules == ["4"] * 3 + ["12"] * 3
    margins = table.find("w:tblPr/w:tblCellMar", NS)
    assert {m.get(w("w")) for m in margins} == {"0"}
    widths = [int(g.get(w("w"))) for g in table.findall("w:tblGrid/w:gridCol", NS)]
    assert widths == [1260, 5440, 9840 - 1260 - 5440]
    agenda = [p for p in body_paragraphs(part)[:3]]
    assert [p.find("w:pPr/w:pStyle", NS).get(w("val")) for p in agenda] == \
        ["AgendaBold", "AgendaLine", "AgendaBold"]


def test_styles_come_from_the_sheet(part, sheet):
    styles = {s.get(w("styleId")): s for s in part("word/styles.xml").findall("w:style", NS)}
    for name in sheet.styles:
        assert name in styles, name
    for name, size in (("SingleTxt", None), ("HCh", "28"), ("H1", "24"), ("FootnoteText", "18")):
        found = styles[name].find("w:rPr/w:sz", NS)
        assert (found.get(w("val")) if found is not None else None) == size
    single = styles["SingleTxt"]
    assert single.find("w:basedOn", NS).get(w("val")) == "Normal"
    assert single.find("w:pPr/w:jc", NS).get(w("val")) == "both"
    assert single.find("w:pPr/w:ind", NS).get(w("left")) == "1260"
    heading = styles[styles["H1"].find("w:basedOn", NS).get(w("val"))]
    assert heading.find("w:name", NS).get(w("val")).startswith("heading ")
    normal = styles["Normal"]
    assert normal.find("w:rPr/w:sz", NS).get(w("val")) == "20"
    spacing = normal.find("w:pPr/w:spacing", NS)
    assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("240", "exact")
    assert normal.find("w:rPr/w:rFonts", NS).get(w("ascii")) == "Times New Roman"
    defaults = part("word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert defaults.find("w:lang", NS).get(w("val")) == "fr-FR"
    assert defaults.find("w:rFonts", NS).get(w("ascii")) == "Times New Roman"
    assert part("word/settings.xml").find("w:autoHyphenation", NS) is not None


def test_a_numbered_paragraph_is_counted_by_word_number_then_tab(part, docx_bytes):
    import wordtext
    numbered = [p for p in body_paragraphs(part) if p.find("w:pPr/w:numPr", NS) is not None
                and p.find("w:pPr/w:pStyle", NS).get(w("val")) == "SingleTxt"]
    assert len(numbered) >= 1
    assert not text_of(numbered[0])[:1].isdigit()         # the number is Word's, not typed
    tab = numbered[0].find("w:pPr/w:tabs/w:tab", NS)
    assert tab.get(w("pos")) == str((63 + 24) * 20)
    printed = wordtext.paragraphs(io.BytesIO(docx_bytes))
    assert any(line.startswith("1.\t") for line in printed)


def test_list_items_put_word_s_label_at_the_label_tab_and_text_on_the_next(part, docx_bytes):
    import wordtext
    printed = wordtext.paragraphs(io.BytesIO(docx_bytes))
    every = part("word/document.xml").iter(w("p"))
    items = [p for p, line in zip(every, printed) if line.startswith("a)\t")]
    assert len(items) == 1
    ind = items[0].find("w:pPr/w:ind", NS)
    assert (ind.get(w("left")), ind.get(w("firstLine"))) == (str(63 * 20), str(24 * 20))
    stops = [t.get(w("pos")) for t in items[0].findall("w:pPr/w:tabs/w:tab", NS)]
    assert stops == [str(111 * 20)]


def test_annex_starts_on_a_new_page(part):
    paras = body_paragraphs(part)
    annex = [p for p in paras if text_of(p).startswith("Annexe à la lettre")][0]
    assert annex.find("w:pPr/w:pageBreakBefore", NS) is not None
    assert sum(p.find("w:pPr/w:pageBreakBefore", NS) is not None for p in paras) == 1


def test_signature_lines_are_right_aligned_paragraphs(part):
    lines = [p for p in body_paragraphs(part)
             if p.find("w:pPr/w:pStyle", NS) is not None
             and p.find("w:pPr/w:pStyle", NS).get(w("val")) == "Signature"]
    assert [text_of(p) for p in lines][-1] == "(Signé) Enrique Roman-Morey"
    assert len(lines) == 3
    assert lines[1].find("w:pPr/w:spacing", NS).get(w("before")) == "0"


def test_markup_characters_stay_text(part):
    body = text_of(part("word/document.xml"))
    assert "» & <b>{{ ok }}</b>." in body
    notes = text_of(part("word/footnotes.xml"))
    assert "Nguyễn & <Co> {{ x }}." in notes


def test_link_is_a_real_hyperlink(part):
    link = part("word/document.xml").find(".//w:hyperlink", NS)
    assert text_of(link) == "www.iom.int"
    rels = part("word/_rels/document.xml.rels")
    target = [r for r in rels if r.get("Id") == link.get(f"{{{NS['r']}}}id")][0]
    assert (target.get("Target"), target.get("TargetMode")) == ("https://www.iom.int", "External")


def test_rendering_twice_gives_the_same_bytes(sheet, docx_bytes):
    assert DocxWriter(sheet).render(sample_document()) == docx_bytes
    infos = zipfile.ZipFile(io.BytesIO(docx_bytes)).infolist()
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert infos[0].filename == "[Content_Types].xml"


def test_core_properties(part, sheet):
    core = part("docProps/core.xml")
    assert core.find("dc:title", NS).text == "Lettre datée du 26 juin 2013"
    assert core.find("dc:language", NS).text == "fr-FR"
    assert core.find("dcterms:created", NS).text == "2000-01-01T00:00:00Z"


@dataclasses.dataclass(frozen=True)
class Gizmo:
    pass


def test_unknown_block_raises_render_error(sheet):
    doc = Document(Meta(language="fr"), (Section((Gizmo(),)),))
    with pytest.raises(RenderError, match="Gizmo"):
        DocxWriter(sheet).render(doc)


def test_unknown_inline_raises_render_error(sheet):
    doc = Document(Meta(language="fr"), (Section((Para((Text("a"), Gizmo())),)),))
    with pytest.raises(RenderError, match="Gizmo"):
        DocxWriter(sheet).render(doc)


def test_uncalled_note_is_reported(sheet):
    note = Note(id="lost", mark="1", custom_mark=False, content=(Text("Never called."),))
    writer = DocxWriter(sheet)
    writer.render(Document(Meta(language="fr"), (Section(()),), (note,)))
    assert [code for code, _ in writer.warnings] == ["note-not-called"]


def test_code39_png_has_one_bar_pattern_per_character():
    png, width = code39_png("*1337702*", narrow_px=1, wide_px=3, height_px=2,
                            dots_per_inch=96)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", png[16:24]) == (width, 2)
    # 9 symbols of 3 wide and 6 narrow elements, with 8 narrow gaps between them
    assert width == 9 * (3 * 3 + 6) + 8
    with pytest.raises(ValueError):
        code39_png("é", 1, 3, 2, 96)


@pytest.mark.parametrize("text", ["0123456789", "ABCDEFGHIJKLM", "NOPQRSTUVWXYZ", "-. $/+%",
                                  "1337702", "job 25-99911"])
def test_code39_elements_are_those_reportlab_draws(text):
    """Both writers draw their barcodes from these elements, those reportlab's Code 39 has."""
    from reportlab.graphics.barcode.code39 import Standard39

    from palais.writers.images import code39_elements
    code = Standard39(text, checksum=0, stop=1, quiet=0)
    code.validate()
    code.encode()
    assert code39_elements(text) == code.decompose()


def test_a_docx_run_never_loads_reportlab_nor_a_pdf_run_python_docx(tmp_path):
    import subprocess
    import sys
    letter = Path(__file__).resolve().parents[2] / "examples" / "ga-letter-lima-2013.yaml"
    for fmt, other in (("docx", "reportlab"), ("pdf", "docx")):
        probe = (f"import sys; from palais import render; "
                 f"render({str(letter)!r}, formats=({fmt!r},), out_dir={str(tmp_path)!r}); "
                 f"print(sorted({{m.split('.')[0] for m in sys.modules}}))")
        loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                check=True).stdout
        assert (tmp_path / f"{letter.stem}.{fmt}").is_file()
        assert f"'{other}'" not in loaded, fmt


def render_blocks(sheet, blocks, notes=(), options=None):
    """Return (writer, archive) for a one-section document holding ``blocks``."""
    writer = DocxWriter(sheet, options)
    data = writer.render(Document(Meta(language="fr"), (Section(tuple(blocks)),), tuple(notes)))
    return writer, zipfile.ZipFile(io.BytesIO(data))


def _contents(sheet):
    """Return the body of a document whose contents list two headings, page 3 known."""
    entries = (TocEntry("h1", 1, "I.", (Text("Introduction"),), "1–7"),
               TocEntry("h2", 2, "A.", (Text("Le Forum"),), "8"))
    blocks = [Toc("Table des matières", entries, paragraphs_label="Paragraphes"),
              Heading((Text("Introduction"),), 0, "HCh", "I.", anchor="h1"),
              Heading((Text("Le Forum"),), 1, "H1", "A.", anchor="h2")]
    _, archive = render_blocks(sheet, blocks, options={"page_numbers": {"h1": 3}})
    return etree.fromstring(archive.read("word/document.xml")).find("w:body", NS)


def test_contents_entries_point_at_heading_bookmarks(sheet):
    body = _contents(sheet)
    paras = body.findall("w:p", NS)
    assert text_of(paras[1]) == "\tParagraphes\tPage"
    rows = body.findall("w:tbl/w:tr", NS)
    cells = [[text_of(tc) for tc in row.findall("w:tc", NS)] for row in rows]
    # the zero-width space after the leader tab makes LibreOffice draw the leaders
    assert cells[0] == ["I.", "Introduction\t\u200b", "1–7", "3"]
    assert cells[1] == ["", "A.\tLe Forum\t\u200b", "8", ""]          # no page known yet
    codes = [c.text.strip() for c in rows[0].iter(w("instrText"))]
    assert codes == ["PAGEREF _Toc_h1 \\h"]
    leaders = [t.get(w("leader")) for t in rows[0].findall("w:tc/w:p/w:pPr/w:tabs/w:tab", NS)]
    assert "dot" in leaders
    heading = next(p for p in paras if text_of(p).endswith("Introduction"))
    marks = [b.get(w("name")) for b in heading.findall("w:bookmarkStart", NS)]
    assert marks == ["_Toc_h1"]
    assert heading.find("w:pPr/w:outlineLvl", NS).get(w("val")) == "0"


def test_contents_are_a_borderless_table_whose_pages_are_page_references(sheet):
    body = _contents(sheet)
    kinds = [etree.QName(e).localname for e in body]
    assert kinds[:3] == ["p", "p", "tbl"]                     # title, captions, entries
    table = body[2]
    # no TOC field: updating one would turn the table into plain paragraphs
    assert not [i for i in body.iter(w("instrText")) if i.text.strip().startswith("TOC")]
    references = [i.text.strip() for i in table.iter(w("instrText"))]
    assert references and all(r.startswith("PAGEREF _Toc_") for r in references)
    borders = table.find("w:tblPr/w:tblBorders", NS)
    assert {b.get(w("val")) for b in borders} == {"nil"}
    # columns from the sheet: title indent, leader-end, paragraphs-end, page-end
    grid = [int(c.get(w("w"))) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    assert grid == [Pt(63).twips, Pt(420 - 63).twips, Pt(450 - 420).twips, Pt(492 - 450).twips]
    rows = table.findall("w:tr", NS)
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
    # "A." hangs one level step before its title, 22pt in
    title = rows[1].findall("w:tc", NS)[1].find("w:p/w:pPr/w:ind", NS)
    assert (title.get(w("left")), title.get(w("hanging"))) == (str(Pt(22).twips),
                                                              str(Pt(22).twips))


def test_contents_without_room_for_chapter_numbers_hang_them(sheet):
    # titles at the margin (as in the IOM sheet): no number column, numbers hang
    flush = dataclasses.replace(sheet, styles=dict(
        sheet.styles, TocEntry=dataclasses.replace(sheet.styles["TocEntry"], indent_left=Pt(0))))
    entries = (TocEntry("h1", 1, "1", (Text("Contexte"),)),
               TocEntry("h2", 1, None, (Text("Conclusions"),)))
    _, archive = render_blocks(flush, [Toc("Contents", entries, page_label="")])
    table = etree.fromstring(archive.read("word/document.xml")).find("w:body/w:tbl", NS)
    grid = [int(c.get(w("w"))) for c in table.findall("w:tblGrid/w:gridCol", NS)]
    assert grid == [Pt(420).twips, Pt(492 - 420).twips]
    numbered, plain = [row.find("w:tc/w:p", NS) for row in table.findall("w:tr", NS)]
    assert text_of(numbered) == "1\tContexte\t\u200b"
    assert numbered.find("w:pPr/w:ind", NS).get(w("hanging")) == str(Pt(22).twips)
    assert plain.find("w:pPr/w:ind", NS).get(w("left")) == "0"


def test_box_frames_its_paragraphs_as_one_box(sheet):
    blocks = [Box("Résumé", (Para((Text("Un."),), style="BoxTxt"),
                             Para((Text("Deux."),), style="BoxTxt"))),
              Para((Text("Après."),))]
    _, archive = render_blocks(sheet, blocks)
    paras = etree.fromstring(archive.read("word/document.xml")).findall("w:body/w:p", NS)
    framed = [p for p in paras if p.find("w:pPr/w:pBdr", NS) is not None]
    assert [text_of(p) for p in framed] == ["Résumé", "Un.", "Deux."]
    # one box: the same borders and indents on every paragraph
    assert len({etree.tostring(p.find("w:pPr/w:pBdr", NS)) for p in framed}) == 1
    assert {p.find("w:pPr/w:ind", NS).get(w("left")) for p in framed} == {"1260"}


def test_figure_without_its_image_gets_a_frame_and_a_warning(sheet, tmp_path):
    blocks = [Figure("Envois de fonds", label="Figure", image=str(tmp_path / "none.png"),
                     height=Pt(100), note=(Text("Source : Banque mondiale."),))]
    writer, archive = render_blocks(sheet, blocks)
    assert [code for code, _ in writer.warnings] == ["figure-image-missing"]
    paras = etree.fromstring(archive.read("word/document.xml")).findall("w:body/w:p", NS)
    assert [text_of(p) for p in paras] == ["Figure", "Envois de fonds", "",
                                         "Source : Banque mondiale."]
    assert paras[2].find("w:pPr/w:spacing", NS).get(w("line")) == "2000"
    assert all(p.find("w:pPr/w:keepNext", NS) is not None for p in paras[:3])


def test_figure_picture_is_embedded(sheet, tmp_path):
    image = tmp_path / "bars.png"
    image.write_bytes(code39_png("*1*", 1, 3, 20, 72)[0])
    _, archive = render_blocks(sheet, [Figure("Barres", image=str(image), height=Pt(50))])
    assert any(name.startswith("word/media/") for name in archive.namelist())


def test_end_notes_are_printed_in_place_not_as_footnotes(sheet):
    note = Note(id="e", mark="1", custom_mark=False, content=(Text("A/60/871."),),
                placement="end")
    blocks = [Para((Text("Texte"), NoteRef(note), Text("."))), Endnotes("Notes", (note,))]
    writer, archive = render_blocks(sheet, blocks, notes=(note,))
    assert "word/footnotes.xml" not in archive.namelist()
    assert writer.warnings == []
    paras = etree.fromstring(archive.read("word/document.xml")).findall("w:body/w:p", NS)
    assert [text_of(p) for p in paras] == ["Texte1.", "Notes", "1\tA/60/871."]
    call = paras[0].findall("w:r", NS)[1]
    assert call.find("w:rPr/w:rStyle", NS).get(w("val")) == "FootnoteReference"


def test_hanging_labels_start_left_of_the_indent():
    import io
    import zipfile

    from lxml import etree

    from palais.model import Document, List, ListItem, Meta, Section, Text
    from palais.styles import resolve_styles
    from palais.writers.docx import DocxWriter

    sheet = resolve_styles("iom")                  # SubPara: indent 28pt, label at -14pt
    doc = Document(meta=Meta(language="fr"), sections=(Section(blocks=(
        List(items=(ListItem("•", (Text("un texte"),)),)),)),))
    data = DocxWriter(sheet).render(doc)
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    para = [p for p in body.iter(w("p")) if "un texte" in "".join(t.text or "" for t in p.iter(w("t")))][0]
    ind = para.find("w:pPr/w:ind", NS)
    assert ind.get(w("left")) == str(28 * 20) and ind.get(w("hanging")) == str(14 * 20)
    stops = [t.get(w("pos")) for t in para.findall("w:pPr/w:tabs/w:tab", NS)]
    assert stops == [str(28 * 20)]
    import wordtext
    assert "•\tun texte" in wordtext.paragraphs(io.BytesIO(data))


def test_a_style_goes_first_among_the_properties_it_joins():
    import docx

    from palais.writers.docx import ooxml
    doc = docx.Document()
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.alignment = 1              # a w:pPr with w:jc already
    run = paragraph.add_run("x")
    run.font.bold = True                                  # a w:rPr with w:b already
    heading, emphasis = doc.styles["Heading 1"], doc.styles["Emphasis"] \
        if "Emphasis" in doc.styles else doc.styles["Strong"]
    ooxml.use_style(paragraph, heading)
    ooxml.use_style(run, emphasis)
    ooxml.use_style(paragraph, heading)                   # again: still one w:pStyle
    p_pr = paragraph._p.find(w("pPr"))
    assert paragraph._p[0] is p_pr
    assert [c.tag for c in p_pr] == [w("pStyle"), w("jc")]
    assert p_pr[0].get(w("val")) == heading.style_id
    r_pr = run._r[0]
    assert [c.tag for c in r_pr] == [w("rStyle"), w("b")]
    assert paragraph.style.name == "Heading 1"
    assert run.style.name == emphasis.name
    ooxml.use_style(paragraph, None)
    assert paragraph._p.find(f"{w('pPr')}/{w('pStyle')}") is None


def test_heading_styles_are_built_on_words_headings(part):
    styles = {s.get(w("styleId")): s for s in part("word/styles.xml").findall("w:style", NS)}

    def value(style, path):
        found = style.find(path, NS)
        return None if found is None else found.get(w("val"))

    used = {p.get(w("val")) for p in part("word/document.xml").iter(w("pStyle"))}
    for name in ("HCh", "H1"):
        assert name in used
        base = styles[value(styles[name], "w:basedOn")]
        level = int(value(base, "w:name").split()[1])
        # Word's heading holds nothing of the template's look, only its outline level
        assert value(base, "w:pPr/w:outlineLvl") == str(level - 1)
        assert base.find("w:rPr", NS) is None
        assert value(styles[name], "w:pPr/w:outlineLvl") == str(level - 1)
        assert value(styles[name], "w:pPr/w:suppressAutoHyphens") == "1"
    # a justified body style hyphenates; the title of the contents is no heading
    assert value(styles["SingleTxt"], "w:pPr/w:suppressAutoHyphens") != "1"



def test_word_opens_the_file_in_its_own_mode_at_full_size(part):
    settings = part("word/settings.xml")
    modes = [s.get(w("val")) for s in settings.iter(w("compatSetting"))
             if s.get(w("name")) == "compatibilityMode"]
    assert modes == ["15"]
    assert settings.find("w:zoom", NS).get(w("percent")) == "100"


def test_the_properties_name_palais_and_count_the_text(sheet):
    import dataclasses
    document = sample_document()
    document = dataclasses.replace(document, meta=dataclasses.replace(
        document.meta, author="Assemblée générale", symbol="A/68/1", date="2013-06-28"))
    data = DocxWriter(sheet, {"page_count": 5}).render(document)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        app = etree.fromstring(archive.read("docProps/app.xml"))
        core = etree.fromstring(archive.read("docProps/core.xml"))
    field = lambda name: app.findtext(
        f"{{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}}{name}")
    assert field("Application").startswith("Palais ")
    assert field("Pages") == "5"
    words = sum(len(p.split()) for p in _all_text(document))
    assert int(field("Words")) == words > 50
    assert int(field("CharactersWithSpaces")) > int(field("Characters")) > words
    assert core.findtext("dc:creator", namespaces=NS) == "Assemblée générale"
    assert core.findtext("dc:subject", namespaces=NS) == "A/68/1"
    assert core.findtext("dcterms:created", namespaces=NS) == "2013-06-28T00:00:00Z"


def _all_text(document):
    from palais.model import List, plain_text
    out = []

    def walk(blocks):
        for block in blocks:
            if isinstance(block, (Para, Heading)):
                out.append(plain_text(block.content))
            elif isinstance(block, List):
                for item in block.items:
                    out.append(plain_text(item.content))
                    walk(item.children)
            elif isinstance(block, Box):
                walk(block.blocks)
    for section in document.sections:
        walk(section.blocks)
    return out + [plain_text(note.content) for note in document.notes]


def test_an_answer_line_is_a_ruled_empty_paragraph(sheet):
    from palais.model import AnswerLine
    document = Document(meta=Meta(language="en"), sections=(Section(blocks=(AnswerLine(),)),))
    data = DocxWriter(sheet).render(document)
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    paragraph = body.find(".//w:body/w:p", NS)
    assert paragraph.find("w:pPr/w:pStyle", NS).get(w("val")) == "FormLine"
    assert paragraph.find("w:pPr/w:pBdr/w:bottom", NS).get(w("val")) == "single"
    assert not "".join(paragraph.itertext()).strip()


def test_the_schema_order_check_finds_a_property_out_of_place(tmp_path):
    import docx

    import ooxmlorder
    document = docx.Document()
    paragraph = document.add_paragraph("x", style="Heading 1")
    p_pr = paragraph._p.pPr
    p_pr.insert(0, etree.SubElement(p_pr, w("jc")))          # jc before pStyle
    p_pr[0].set(w("val"), "left")
    path = tmp_path / "bad.docx"
    document.save(path)
    assert any("w:pStyle out of order in w:pPr" in p for p in ooxmlorder.problems(path))


def test_the_file_is_the_zip_python_docx_saves_made_reproducible(monkeypatch):
    # The parts are written into the zip in one pass, those the contents' pages do
    # not change while the PDF is laid out; saving with python-docx and zipping
    # again (what is done where its package writer is not as expected) gives the
    # same bytes.
    from palais import compose
    composed = compose(Path(__file__).resolve().parents[2] / "examples"
                       / "iom-report-geneva-2017.yaml")
    pages = {}
    writer = DocxWriter(composed.sheet)
    writer.draft(composed.document)
    for number, (_, anchor) in enumerate(writer.page_fields, 3):
        pages[anchor] = number
    one_pass = writer.finish(pages, 90)
    from palais.writers.docx import parts
    monkeypatch.setattr(parts, "_types_writer", lambda: None)
    saved = DocxWriter(composed.sheet, {"page_numbers": pages, "page_count": 90}) \
        .render(composed.document)
    assert one_pass == saved
    with zipfile.ZipFile(io.BytesIO(one_pass)) as package:
        body = package.read("word/document.xml").decode()
        app = package.read("docProps/app.xml").decode()
    assert "<Pages>90</Pages>" in app
    assert all(f">{number}<" in body for number in pages.values())
