"""Tests for engine/writers/pdf.py: pages, masthead, running matter, notes, fonts, bytes."""
import dataclasses
import io
import re
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from palais import fonts
from palais.errors import RenderError
from palais.model import (Box, Document, Emph, Endnotes, Figure, Heading, LineBreak, Link, Meta,
                          Note, NoteRef, PageBreak, Para, Section, SmallCaps, Strong, Sub, Sup,
                          Text, Toc, TocEntry)
from palais.units import Pt
from palais.styles import FontSpec, resolve_styles
from palais.writers.pdf import PdfWriter
from sample import sample_document


@pytest.fixture(scope="module")
def sheet():
    return resolve_styles("un-newyork")


@pytest.fixture(scope="module")
def long_pdf(sheet):
    writer = PdfWriter(sheet)
    data = writer.render(sample_document(long=True))
    return writer, data, PdfReader(io.BytesIO(data))


def _texts(reader):
    return [page.extract_text() for page in reader.pages]


def _runs(page):
    """Return (x, y, font size, text) of every text run of ``page``."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((cm[4] + tm[4], cm[5] + tm[5], size, text.strip()))
    page.extract_text(visitor_text=visit)
    return runs


def _notes_document(paragraphs=24, seed=7):
    """Return a document whose long paragraphs call notes mid-text, so that some split."""
    words = ("les participants ont trouvé utile examiner thèmes tables rondes dialogue "
             "haut niveau migration développement processus régionaux").split()
    state = seed
    notes, blocks = [], []

    def pick(count):
        nonlocal state
        out = []
        for _ in range(count):
            state = (state * 1103515245 + 12345) % 2 ** 31
            out.append(words[state % len(words)])
        return " ".join(out)
    for number in range(1, paragraphs + 1):
        note = Note(id=f"n{number}", mark=str(number), custom_mark=False,
                    content=(Text(f"Note{number}x " + pick(10 + 7 * (number % 6))),))
        notes.append(note)
        blocks.append(Para(content=(Text(pick(40 + 11 * (number % 5))), NoteRef(note),
                                    Text(" " + pick(30 + 13 * (number % 7)) + ".")),
                           number=f"{number}."))
    meta = Meta(language="fr", symbol="A/1/2", job_number="13-00001")
    return Document(meta=meta, sections=(Section(blocks=tuple(blocks)),), notes=tuple(notes))


# -- pages, masthead, running matter -----------------------------------------

def test_every_page_is_us_letter(long_pdf):
    _, _, reader = long_pdf
    assert len(reader.pages) > 3
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)


def test_page_one_has_the_masthead_and_no_page_number(long_pdf):
    _, _, reader = long_pdf
    text = reader.pages[0].extract_text().replace("\u00a0", " ")
    for expected in ("Nations Unies", "Assemblée générale", "A/68/999", "Distr. générale",
                     "28 juin 2013", "Original : anglais", "Soixante-huitième session",
                     "13-37702 (F)", "Merci de recycler"):
        assert expected in text
    assert "1/" not in text


def test_masthead_geometry(long_pdf):
    _, _, reader = long_pdf
    runs = {text: (x, 792 - y, size) for x, y, size, text in _runs(reader.pages[0])}
    assert runs["Nations Unies"][:1] == (123,) and runs["Nations Unies"][2] == 14
    assert runs["Assemblée générale"][0] == 123 and runs["Assemblée générale"][2] == 20
    assert runs["Distr. générale"][0] == pytest.approx(395)
    assert 80 < runs["Distr. générale"][1] < 90
    # Agenda lines sit flush at the page margin, below the thick rule at ≈200pt.
    assert runs["Soixante-huitième session"][0] == 60
    assert 205 < runs["Soixante-huitième session"][1] < 225
    assert runs["13-37702 (F)    030713    050713"][1] == pytest.approx(748)


def test_later_pages_have_header_symbol_and_n_of_total(long_pdf):
    writer, _, reader = long_pdf
    total = len(reader.pages)
    assert writer.pages == total
    for number in (2, 3):
        runs = _runs(reader.pages[number - 1])
        by_text = {text: (x, 792 - y, size) for x, y, size, text in runs}
        symbol, label = by_text["A/68/999"], by_text[f"{number}/{total}"]
        assert symbol[2] == 9 and symbol[1] < 79       # in the header, above the body
        assert label[1] > 700                          # in the footer
        # Even pages carry symbol and number at the left, odd pages at the right.
        assert (symbol[0] == 60) == (number % 2 == 0)
        assert (label[0] == 60) == (number % 2 == 0)
        assert "13-37702" in by_text


def test_annex_starts_a_new_page_with_its_heading(long_pdf):
    writer, _, reader = long_pdf
    pages = {h.content[0].text: page for h, page in writer.heading_pages}
    annex_page = pages["Annexe à la lettre datée du 26 juin 2013"]
    assert annex_page == 2
    assert pages["Lettre datée du 26 juin 2013, adressée au Secrétaire général"] == 1
    body = [r for r in _runs(reader.pages[annex_page - 1]) if 90 < 792 - r[1] < 700]
    assert body[0][3] == "Annexe à la lettre datée du 26 juin 2013"
    assert "Annexe" not in reader.pages[0].extract_text()


def test_numbered_paragraph_geometry(long_pdf):
    _, _, reader = long_pdf
    runs = _runs(reader.pages[1])
    number = next(r for r in runs if r[3] == "1.")
    first = next(r for r in runs if r[3].startswith("Y ont participé"))
    assert number[0] == 123 and first[0] == 147 and first[1] == number[1]
    after = [r for r in runs if r[1] == number[1] - 12 and r[2] == 10]
    assert after and after[0][0] == 123               # continuation back at the indent


def test_justified_french_text_is_hyphenated(long_pdf):
    _, _, reader = long_pdf
    assert re.search(r"[a-zé]-\n[a-zé]", "\n".join(_texts(reader)))


# -- footnotes ----------------------------------------------------------------

def test_each_note_is_on_the_page_that_calls_it(long_pdf):
    writer, _, reader = long_pdf
    texts = _texts(reader)
    assert writer.call_pages == writer.note_pages == {"agenda": 1, "rcp": 2, "orgs": 2}
    assert "* A/68/50." in texts[0]
    assert "Union européenne, Ligue des États arabes." in texts[1]
    assert "Conférence sud-américaine" in texts[1]


def test_notes_called_mid_paragraph_follow_split_paragraphs(sheet):
    writer = PdfWriter(sheet)
    reader = PdfReader(io.BytesIO(writer.render(_notes_document())))
    assert writer.pages >= 4
    assert writer.call_pages == writer.note_pages
    assert len(writer.note_pages) == 24
    texts = _texts(reader)
    for note_id, page in writer.note_pages.items():
        assert f"Note{note_id[1:]}x" in texts[page - 1]
        assert sum(f"Note{note_id[1:]}x" in t for t in texts) == 1
    for page in reader.pages:
        runs = [r for r in _runs(page) if 94 <= r[1] <= 713]
        body = [y for _, y, size, _ in runs if size == 10]
        notes = [y for _, y, size, _ in runs if size == 9]
        if body and notes:
            assert min(body) > max(notes) + 9     # the text stops above the notes


_FILLER = "Texte de remplissage pour tester la mise en page des titres. " * 9


def _headed(sheet, count, note_text, before, after, style):
    """Render ``count`` runs of: a paragraph, a heading, a paragraph calling a note.

    ``before(n)`` and ``after(n)`` give the two paragraphs' text; lengths vary so
    that some headings fall near a page foot.
    """
    blocks, notes = [], []
    for n in range(1, count + 1):
        note = Note(id=f"h{n}", mark=str(n), custom_mark=False, content=(Text(note_text),))
        notes.append(note)
        blocks += [Para(content=(Text(before(n)),)),
                   Heading(content=(Text(f"Titre {n}"),), level=1, style=style),
                   Para(content=(Text("Début"), NoteRef(note), Text(" " + after(n))))]
    doc = Document(meta=Meta(language="fr"), notes=tuple(notes),
                   sections=(Section(blocks=tuple(blocks)),))
    writer = PdfWriter(sheet)
    writer.render(doc)
    assert writer.pages > 5
    return writer


def test_headings_stay_with_the_first_lines_that_follow(sheet):
    writer = _headed(sheet, 15, "Note.", lambda n: _FILLER[: 150 + 97 * n % 800],
                     lambda n: _FILLER * 3, "H1")
    for n, (heading, page) in enumerate(writer.heading_pages, start=1):
        assert writer.call_pages[f"h{n}"] == page


def test_note_marks_keep_the_model_numbering(sheet):
    odd = Note(id="x", mark="7", custom_mark=False, content=(Text("Seventh note."),))
    doc = Document(meta=Meta(language="en"), notes=(odd,), sections=(Section(blocks=(
        Para(content=(Text("Text"), NoteRef(odd), Text("."))),)),))
    text = PdfReader(io.BytesIO(PdfWriter(sheet).render(doc))).pages[0].extract_text()
    assert "Text7." in text and "7 Seventh note." in text


# -- text and fonts -------------------------------------------------------------

LITERALS = ("&", "<Co>", "{{ x }}", "<b>{{ ok }}</b>",
            "Žák", "Gómez", "Kırgızistan", "Nguyễn")


def test_user_text_comes_out_literally(long_pdf):
    writer, _, reader = long_pdf
    text = "\n".join(_texts(reader))
    for literal in LITERALS:
        assert literal in text
    assert writer.warnings == []


def test_inline_nodes_set_faces_marks_and_real_links(sheet):
    content = (Text("a "), Emph((Text("it"),)), Text(" "), Strong((Text("bold"),)), Text(" "),
               SmallCaps((Text("Roman"),)), Text(" 1"), Sup((Text("er"),)), Text(" H"),
               Sub((Text("2"),)), Text("O "), Link("https://www.iom.int/?a=1&b=2", (Text("site"),)),
               LineBreak(), Text("next"))
    doc = Document(meta=Meta(language="fr"),
                   sections=(Section(blocks=(Para(content=content, style="Closing"),)),))
    writer = PdfWriter(sheet)
    page = PdfReader(io.BytesIO(writer.render(doc))).pages[0]
    text = page.extract_text()
    assert "a it bold ROMAN 1er H2O site\nnext" in text
    uris = [a.get_object()["/A"]["/URI"] for a in page["/Annots"]]
    assert uris == ["https://www.iom.int/?a=1&b=2"]
    sizes = {text: size for _, _, size, text in _runs(page)}
    assert sizes["er"] == sizes["2"] == 6.5 and sizes["OMAN"] == 8
    primary = writer.fonts["serif"].primary
    used = {str(f.get_object()["/BaseFont"]).split("+")[-1].lstrip("/")
            for f in page["/Resources"]["/Font"].values()}
    assert len(used) == 3          # regular, italic and bold faces of one family
    assert primary.name.replace(" ", "") in "".join(used) or "Times-Roman" in used


def test_builtin_times_draws_missing_glyphs_with_the_fallback(sheet):
    spec = FontSpec(key="serif", families=("No Such Font",), glyph_fallbacks=("Noto Serif",))
    writer = PdfWriter(dataclasses.replace(sheet, fonts={"serif": spec}))
    reader = PdfReader(io.BytesIO(writer.render(sample_document())))
    assert writer.fonts["serif"].primary.name == "Times"
    assert writer.fonts["serif"].fallback.name == "Noto Serif"
    text = "\n".join(_texts(reader))
    for literal in LITERALS:
        assert literal in text
    assert writer.warnings == []
    used = {str(f.get_object().get("/BaseFont")) for p in reader.pages
            for f in p["/Resources"]["/Font"].values()}
    assert "/Times-Roman" in used and any("NotoSerif" in name for name in used)


def test_a_glyph_no_font_has_is_an_error_naming_it(sheet):
    spec = FontSpec(key="serif", families=("No Such Font",), glyph_fallbacks=("No Such Font",))
    writer = PdfWriter(dataclasses.replace(sheet, fonts={"serif": spec}))
    with pytest.raises(RenderError) as caught:
        writer.render(sample_document())
    message = str(caught.value)
    assert message.startswith("U+0131 LATIN SMALL LETTER DOTLESS I ('ı') in “")
    assert "Kırgızistan" in message and "none of the fonts Times, Palais Symbols has it" in message
    assert "glyph-fallbacks" in message


def test_format_characters_and_decomposed_letters_draw_as_text(sheet):
    from palais.writers.pdf.inline import InlineMarkup
    spec = FontSpec(key="serif", families=("No Such Font",), glyph_fallbacks=())
    markup = InlineMarkup(fonts.resolve_font(spec), lambda *a: None)
    assert markup.runs("Ge\u0301ne\u0300ve\u200f \ufeffok") == [("Times-Roman", "Génève ok")]


# -- report blocks: contents, box, figure, end notes ---------------------------

def _report_document():
    end = Note(id="e", mark="1", custom_mark=False, content=(Text("An end note."),),
               placement="end")
    toc = Toc(title="Table des matières", page_label="Page", paragraphs_label="Paragraphes",
              entries=(TocEntry("h1", 1, "I.", (Text("Introduction"),), "1–2"),
                       TocEntry("h2", 2, "A.", (Text("Suite"),), "3")))
    blocks = (
        Box(title="Résumé", blocks=(Para(content=(Text("Boxed summary."),), style="BoxTxt"),)),
        toc, PageBreak(),
        Heading(content=(Text("Introduction"),), level=1, style="HCh", number="I.", anchor="h1"),
        Para(content=(Text("First."),), number="1."), Para(content=(Text("Second."),), number="2."),
        PageBreak(),
        Heading(content=(Text("Suite"),), level=2, style="H1", number="A.", anchor="h2"),
        Para(content=(Text("Third"), NoteRef(end), Text(".")), number="3."),
        Figure(title="Carte des réponses", label="Figure", height=Pt(100),
               note=(Text("Note : frontières."),)),
        Endnotes(title="Notes", notes=(end,)))
    return Document(meta=Meta(language="fr", symbol="A/63/1"), notes=(end,),
                    sections=(Section(blocks=blocks),))


def test_contents_print_the_pages_the_layout_found(sheet):
    writer = PdfWriter(sheet)
    reader = PdfReader(io.BytesIO(writer.render(_report_document())))
    assert [(h.anchor, page) for h, page in writer.heading_pages] == [("h1", 2), ("h2", 3)]
    text = reader.pages[0].extract_text()
    assert "Paragraphes" in text and "Page" in text
    # The pages are drawn once the layout is done, in forms placed on the line:
    # pypdf reads a form's text as a line of its own.
    assert re.search(r"I\. Introduction\n[ .]+1–2\s2\n", text)
    assert re.search(r"A\. Suite\n[ .]+3\s3", text)
    assert writer.passes == 1


def test_contents_pages_sit_at_the_end_of_their_line(sheet):
    """The late-drawn page number lands where an inline one would: on the entry's last
    line, ending at the page column."""
    reader = PdfReader(io.BytesIO(PdfWriter(sheet).render(_report_document())))
    runs = _runs(reader.pages[0])
    caption = next((x, y) for x, y, size, text in runs if text == "Page")
    suite = next(y for x, y, size, text in runs if text.startswith("A. Suite") or text == "Suite")
    pages = [(x, y) for x, y, size, text in runs if text == "3"]
    assert pages and all(abs(y - suite) < 1 for x, y in pages[-1:])
    assert pages[-1][0] > caption[0] - 20


def test_box_figure_and_end_notes_are_printed(sheet):
    writer = PdfWriter(sheet)
    texts = [" ".join(t.split()) for t in
             _texts(PdfReader(io.BytesIO(writer.render(_report_document()))))]
    assert "Résumé Boxed summary." in texts[0]
    for expected in ("Third1.", "Figure Carte des réponses Note : frontières.",
                     "Notes 1 An end note."):
        assert expected in texts[2]
    assert writer.note_pages == {} and writer.warnings == []


# -- bytes and errors -------------------------------------------------------------

def test_rendering_twice_gives_identical_bytes(sheet, long_pdf):
    _, data, reader = long_pdf
    assert PdfWriter(sheet).render(sample_document(long=True)) == data
    info = reader.metadata
    assert info["/Title"] == "Lettre datée du 26 juin 2013"
    assert info["/CreationDate"].startswith("D:2000")
    assert reader.trailer["/Root"]["/Lang"] == "fr"


@dataclass(frozen=True)
class Bogus:
    children: tuple = ()


def test_an_unknown_block_is_an_error(sheet):
    doc = Document(meta=Meta(language="fr"), sections=(Section(blocks=(Bogus(),)),))
    with pytest.raises(RenderError, match="block node Bogus"):
        PdfWriter(sheet).render(doc)


def test_an_unknown_inline_is_an_error(sheet):
    doc = Document(meta=Meta(language="fr"), sections=(Section(blocks=(
        Heading(content=(Bogus(),), level=1),)),))
    with pytest.raises(RenderError, match="inline node Bogus"):
        PdfWriter(sheet).render(doc)


def test_a_heading_moves_with_a_short_paragraph_whose_note_does_not_fit(sheet):
    # heading + a three-line paragraph fit at the page foot, but not with its long
    # note: all three must go over together (a regression seen in the IOM annex 9)
    long_note = "Une note longue qui occupe plusieurs lignes au pied de la page. " * 5
    writer = _headed(sheet, 30, long_note, lambda n: _FILLER[: 120 + 53 * n % 600],
                     lambda n: _FILLER[:200], "H23")
    for n, (heading, page) in enumerate(writer.heading_pages, start=1):
        assert writer.call_pages[f"h{n}"] == page, n
        assert writer.note_pages[f"h{n}"] == page, n


def test_a_hyphen_at_a_line_end_survives_a_second_wrap():
    from reportlab.lib.styles import ParagraphStyle

    from palais.writers.pdf.blocks import Paragraph
    text = ('<onDraw name="x" label="0"/>Report of the Special Representative of the '
            'Secretary-General on Children on the Move')
    style = ParagraphStyle("t", fontName="Times-Bold", fontSize=14, leading=16,
                           embeddedHyphenation=1)
    para = Paragraph(text, style)
    lines = []
    for width in (366, 366, 300, 366):
        para.wrap(width, 700)
        lines.append(["".join(getattr(w, "text", "") for w in line.words)
                      for line in para.blPara.lines])
    assert lines[0] == lines[1] == lines[3]
    assert all("SecretaryGeneral" not in "".join(found) for found in lines)
    assert any(line.endswith("Secretary-") for line in lines[0])


def test_streams_are_binary_and_the_setting_is_put_back(sheet):
    from reportlab import rl_config
    kept = rl_config.useA85
    data = PdfWriter(sheet).render(sample_document())
    assert rl_config.useA85 == kept
    assert b"/ASCII85Decode" not in data
    assert b"/FlateDecode" in data
    assert PdfReader(io.BytesIO(data)).pages[0].extract_text().strip()


# -- outline and internal links ------------------------------------------------------

def _navigable_document():
    """Contents, three chapters with a sub-heading each, enough text for several pages,
    and a note called on a later page."""
    note = Note(id="n1", mark="1", custom_mark=False, content=(Text("The note."),))
    filler = "Text that fills the page with words of ordinary length. " * 40
    blocks, entries = [], []
    for chapter in range(1, 4):
        for level, number in ((1, f"{'I' * chapter}."), (3, "A.")):
            anchor = f"h{len(entries)}"
            title = (Text(f"Chapter {chapter}" if level == 1 else f"Part of {chapter}"),)
            blocks.append(Heading(content=title, level=level, number=number, anchor=anchor,
                                  style="H1" if level == 1 else "H23"))
            entries.append(TocEntry(anchor=anchor, level=1 if level == 1 else 2,
                                    number=number, content=title))
            blocks += [Para(content=(Text(filler),)) for _ in range(3)]
    blocks.insert(-1, Para(content=(Text("A call"), NoteRef(note), Text("."))))
    toc = Toc(title="Contents", entries=tuple(entries))
    return Document(meta=Meta(language="en", symbol="A/1"),
                    sections=(Section(blocks=(toc,) + tuple(blocks)),), notes=(note,))


@pytest.fixture(scope="module")
def navigable(sheet):
    return PdfReader(io.BytesIO(PdfWriter(sheet).render(_navigable_document())))


def _outline(reader):
    out = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item) + 1))
    walk(reader.outline, 0)
    return out


def _links(reader):
    """Return (page, target page, target top, rect) of every internal link."""
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    out = []
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot["/Subtype"] == "/Link" and "/Dest" in annot:
                dest = annot["/Dest"]
                out.append((number, pages[dest[0].idnum], float(dest[3]),
                            [float(v) for v in annot["/Rect"]]))
    return out


def test_the_outline_nests_every_heading_and_opens_with_the_document(navigable):
    outline = _outline(navigable)
    assert [(depth, title) for depth, title, _ in outline] == [
        (depth, f"{number} {title}") for chapter in range(1, 4)
        for depth, number, title in ((0, "I" * chapter + ".", f"Chapter {chapter}"),
                                     (1, "A.", f"Part of {chapter}"))]
    pages = [page for _, _, page in outline]
    assert pages == sorted(pages) and pages[-1] > pages[0]
    assert navigable.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_each_contents_entry_links_to_its_heading(navigable):
    outline = _outline(navigable)
    from_contents = [link for link in _links(navigable) if link[0] == 1]
    assert [target for _, target, _, _ in from_contents] == [page for _, _, page in outline]
    for _, target, top, _ in from_contents:
        titles = navigable.pages[target - 1].extract_text()
        assert "Chapter" in titles or "Part of" in titles


def test_a_note_call_and_its_note_link_to_each_other(navigable):
    notes = [link for link in _links(navigable) if link[0] > 1]
    assert len(notes) == 2                            # the call, and the mark back
    (page, target, to_note, call), (back_page, back, to_call, mark) = \
        sorted(notes, key=lambda link: -link[3][1])
    assert page == target == back_page == back        # a footnote is on its call's page
    assert to_note < call[1]                          # the note is below the call
    assert mark[1] < to_note <= mark[3] + 1           # the mark is the note's first line
    assert call[1] < to_call <= call[3] + 12


def test_a_document_without_contents_opens_without_its_outline(sheet):
    reader = PdfReader(io.BytesIO(PdfWriter(sheet).render(sample_document())))
    assert reader.trailer["/Root"].get("/PageMode") in (None, "/UseNone")
    assert _outline(reader)


# -- fit to archive (PDF/A-2b) -------------------------------------------------------



def _xmp_text(reader):
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


def test_xmp_metadata_says_what_the_document_information_says(embedded_sheet):
    import dataclasses
    document = sample_document()
    document = dataclasses.replace(document, meta=dataclasses.replace(
        document.meta, date="2013-06-28", author="Assemblée générale", title="Lettre & <annexe>"))
    reader = PdfReader(io.BytesIO(PdfWriter(embedded_sheet).render(document)))
    info, xmp = reader.metadata, reader.xmp_metadata
    assert info["/Author"] == "Assemblée générale" and xmp.dc_creator == [info["/Author"]]
    assert xmp.dc_title["x-default"] == info["/Title"] == "Lettre & <annexe>"
    assert xmp.dc_description["x-default"] == info["/Subject"]
    assert xmp.xmp_creator_tool == info["/Creator"] == "Palais"
    assert xmp.pdf_producer == info["/Producer"]
    assert xmp.xmp_create_date.isoformat().startswith("2013-06-28")
    assert info["/CreationDate"].startswith("D:20130628")
    stream = reader.trailer["/Root"]["/Metadata"].get_object()
    assert "/Filter" not in stream                    # readable as it is
    text = _xmp_text(reader)
    assert "<pdfaid:part>2</pdfaid:part>" in text and "<pdfaid:conformance>B<" in text
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3 and profile.get_data()[36:40] == b"acsp"   # an ICC profile


def test_every_font_is_embedded_and_tagged_apart(embedded_sheet):
    reader = PdfReader(io.BytesIO(PdfWriter(embedded_sheet).render(sample_document(long=True))))
    names = []
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            names.append(str(font["/BaseFont"]).lstrip("/"))
            assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
    tags = {name.split("+")[0] for name in set(names)}
    assert len(tags) == len(set(names)) > 1
    assert all(len(tag) == 6 and tag.isupper() for tag in tags)


def test_every_annotation_prints(long_pdf):
    _, _, reader = long_pdf
    annotations = [a.get_object() for page in reader.pages for a in page.get("/Annots") or []]
    assert annotations and all(a["/F"] == 4 for a in annotations)


def _chinese_document():
    return Document(meta=Meta(language="en"), sections=(Section(blocks=(
        Para(content=(Text("The word 会议 is Chinese."),)),)),))


def test_a_font_that_cannot_be_embedded_leaves_the_pdf_claiming_no_pdfa(embedded_sheet):
    reader = PdfReader(io.BytesIO(PdfWriter(embedded_sheet).render(_chinese_document())))
    assert "会议" in reader.pages[0].extract_text()
    assert "<pdfaid:part>" not in _xmp_text(reader)


def test_with_pdfa_a_font_that_cannot_be_embedded_is_an_error(embedded_sheet):
    with pytest.raises(RenderError, match="cannot be PDF/A: STSong-Light is built into PDF "
                                          "readers .* install a font"):
        PdfWriter(embedded_sheet, {"pdfa": True}).render(_chinese_document())
    # the built-in Times of a machine without fonts is no more embeddable
    with pytest.raises(RenderError, match="cannot be PDF/A: .*Times-Roman"):
        PdfWriter(_builtin_sheet(embedded_sheet), {"pdfa": True}).render(sample_document())


def _builtin_sheet(sheet):
    fonts = {key: dataclasses.replace(spec, files=(), families=(), languages={})
             for key, spec in sheet.fonts.items()}
    return dataclasses.replace(sheet, fonts=fonts)


def test_an_answer_line_is_a_rule_across_the_text_that_never_wraps(sheet):
    from palais.model import AnswerLine
    document = Document(meta=Meta(language="en"), sections=(Section(blocks=(
        Para(content=(Text("Your answer:"),)), AnswerLine(), AnswerLine(),
        Para(content=(Text("Next question."),)))),))
    data = PdfWriter(sheet).render(document)
    page = PdfReader(io.BytesIO(data)).pages[0]
    text = page.extract_text()
    assert "_" not in text and "Your answer:" in text and "Next question." in text
    spec = sheet.style("FormLine")
    content = page.get_contents().get_data().decode("latin-1")
    # two strokes of 0.5 pt across the text column, each from its left to its right
    lines = re.findall(r"([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S", content)
    width = (sheet.page.frame_width - spec.indent_left - spec.indent_right).pt
    across = [l for l in lines if abs(float(l[2]) - float(l[0]) - width) < 0.5]
    assert len(across) == 2


# -- tagged PDF ------------------------------------------------------------------------

def test_the_structure_follows_the_document(sheet, tmp_path):
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import pdftags
    from palais.model import Cell, Figure, List, ListItem, Row, Table
    table = Table(rows=(Row(cells=(Cell(blocks=(Para(content=(Text("Name"),)),)),),
                                 header=True),
                        Row(cells=(Cell(blocks=(Para(content=(Text("Ana"),)),)),),)),
                  widths=(1,))
    document = Document(meta=Meta(language="en"), sections=(Section(blocks=(
        Heading(content=(Text("Title"),), level=1, anchor="h1"),
        Para(content=(Text("Text."),)),
        List(items=(ListItem("a)", (Text("one"),)), ListItem("b)", (Text("two"),)))),
        Figure(title="A map of the region"),
        table)),))
    path = tmp_path / "tagged.pdf"
    path.write_bytes(PdfWriter(sheet).render(document))
    loose, marked = pdftags.untagged(path)
    assert loose == []
    kinds, refs = pdftags.structure(path)
    assert refs == marked
    shape = [(depth, kind) for depth, kind, _ in kinds]
    assert shape[:4] == [(0, "Document"), (1, "Sect"), (2, "H1"), (2, "P")]
    assert (2, "L") in shape and shape.count((3, "LI")) == 2 and shape.count((4, "LBody")) == 2
    # each item's label is its Lbl, just before its body
    items = [i for i, entry in enumerate(shape) if entry == (3, "LI")]
    assert [shape[i + 1:i + 3] for i in items] == [[(4, "Lbl"), (4, "LBody")]] * 2
    figure = [alt for _, kind, alt in kinds if kind == "Figure"]
    assert figure == ["A map of the region"]
    assert (2, "Table") in shape and (4, "TH") in shape and (4, "TD") in shape


# -- paragraphs of text without markup: fragments made without the parser ---------

_PLAIN_STYLES = [dict(), dict(fontName="Times-Bold", fontSize=14, textColor="#1a5fb4"),
                 dict(textTransform="uppercase"), dict(textTransform="capitalize")]


def _fragments(paragraph):
    return [sorted(vars(frag).items()) for frag in paragraph.frags]


@settings(max_examples=150, deadline=None)
@given(text=st.text(st.characters(blacklist_characters="<&", blacklist_categories=("Cs",))
                    | st.sampled_from(" \t\n\xa0\u200b\u2028\x1c\u3000"), max_size=60),
       which=st.integers(0, len(_PLAIN_STYLES) - 1))
def test_text_without_markup_gets_the_fragments_a_parse_gives(text, which):
    # spaces of every kind among the words, which reportlab's cleaning folds or keeps
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph as Parsed

    from palais.writers.pdf.blocks import Paragraph
    style = ParagraphStyle(f"plain-{which}", **_PLAIN_STYLES[which])
    ours, parsed = Paragraph(text, style), Parsed(text, style)
    assert ours.text == parsed.text
    assert _fragments(ours) == _fragments(parsed)
    if ours.frags:
        assert ours.frags[0].link is not parsed.frags[0].link


def test_a_style_changed_after_a_paragraph_is_parsed_again():
    from reportlab.lib.styles import ParagraphStyle

    from palais.writers.pdf.blocks import Paragraph
    style = ParagraphStyle("changing", fontName="Helvetica", fontSize=10)
    first = Paragraph("Some text", style)
    style.fontName, style.fontSize = "Times-Roman", 12
    second = Paragraph("Some text", style)
    assert (first.frags[0].fontName, first.frags[0].fontSize) == ("Helvetica", 10)
    assert (second.frags[0].fontName, second.frags[0].fontSize) == ("Times-Roman", 12)


@pytest.mark.parametrize("job", ["*1337702*", "1701234", "job 25-99"])
def test_the_barcode_is_the_rectangles_reportlabs_code39_draws(sheet, job):
    from types import SimpleNamespace

    from reportlab.graphics.barcode.code39 import Standard39
    from reportlab.pdfgen.canvas import Canvas

    from palais.writers.pdf.page import PageDecor
    length = lambda key: sheet.length("running", key).pt
    decor = SimpleNamespace(sheet=sheet, meta=SimpleNamespace(barcode=job), warn=None)
    ours, theirs = Canvas(io.BytesIO()), Canvas(io.BytesIO())
    PageDecor._barcode(decor, ours, 72, 40)
    code = Standard39(job.strip("*"), barWidth=length("barcode-bar-width"),
                      barHeight=length("barcode-height"), humanReadable=0, quiet=0,
                      checksum=0, ratio=float(sheet.running.get("barcode-ratio", 2.2)))
    code.drawOn(theirs, 72, 40 - length("barcode-gap") - length("barcode-height"))
    assert ours._code == theirs._code
    from palais.writers.images import code39_elements
    bars = sum(element in "bB" for element in code39_elements(job))
    assert sum(op.endswith(" re f*") for op in ours._code) == bars


def test_a_job_number_code39_cannot_write_is_a_warning_not_a_barcode(sheet):
    from types import SimpleNamespace

    from reportlab.pdfgen.canvas import Canvas

    from palais.writers.pdf.page import PageDecor
    warned = []
    decor = SimpleNamespace(sheet=sheet, meta=SimpleNamespace(barcode="n°1"),
                            warn=lambda *w: warned.append(w))
    canvas = Canvas(io.BytesIO())
    before = list(canvas._code)
    PageDecor._barcode(decor, canvas, 72, 40)
    assert canvas._code == before
    assert warned == [("barcode-invalid", "cannot draw 'n°1' as a Code 39 barcode")]


def test_a_pdf_of_text_imports_no_images_and_one_with_a_picture_draws_it(tmp_path):
    import subprocess
    import sys
    import zlib
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    starter = (root / "examples" / "starter-chair-summary.yaml").read_text(encoding="utf-8")
    png = (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", b"\0\0\0\1\0\0\0\1\x08\x02\0\0\0")
           + _chunk(b"IDAT", zlib.compress(b"\0\xff\0\0")) + _chunk(b"IEND", b""))
    (tmp_path / "a.png").write_bytes(png)
    pictured = tmp_path / "pictured.yaml"
    pictured.write_text(starter.replace("      - Participants thanked",
                                        "      - figure: {title: F, image: a.png}\n"
                                        "      - Participants thanked", 1), encoding="utf-8")
    program = (
        "import sys, json, palais\n"
        "from palais.cli import own_process\n"
        "own_process()\n"
        "palais.render(sys.argv[1], formats=['pdf'], out_dir=sys.argv[2])\n"
        "image = sys.modules.get('PIL.Image')\n"
        "print(json.dumps([type(image).__name__, 'PIL.ImageCms' in sys.modules]))\n")

    def run(source, out, cache):
        done = subprocess.run([sys.executable, "-c", program, str(source), str(out)],
                              capture_output=True, text=True, check=True,
                              env={"PALAIS_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"})
        return done.stdout.split("\n")[-2]
    letter = root / "examples" / "ga-letter-lima-2013.yaml"
    cache = tmp_path / "cache"
    # The colour profile is made with Pillow once, then kept: a PDF of text imports
    # neither Pillow's colour management nor its images.
    assert run(letter, tmp_path / "first", cache) == '["module", true]'
    assert run(letter, tmp_path / "kept", cache) == '["Later", false]'
    assert run(letter, tmp_path / "none", "") == '["module", true]'
    # A program using the library, perhaps in threads, imports Pillow whole.
    library = subprocess.run([sys.executable, "-c", "import sys, palais.writers.pdf; "
                              "print(type(sys.modules['PIL.Image']).__name__)"],
                             capture_output=True, text=True, check=True).stdout
    assert library.strip() == "module"
    # The command defers it; the preview server, whose threads draw, imports it whole.
    served = subprocess.run([sys.executable, "-c", "import sys; from palais import cli, preview; "
                             "cli.own_process(); import palais.writers.pdf; "
                             "kinds = [type(sys.modules['PIL.Image']).__name__]; "
                             "preview.serve = lambda *a, **k: kinds.append("
                             "type(sys.modules['PIL.Image']).__name__); "
                             "cli.main(['preview', sys.argv[1], '--port', '0']); print(*kinds)",
                             str(letter)], capture_output=True, text=True, check=True).stdout
    assert served.split() == ["Later", "module"]
    made = {(folder / "ga-letter-lima-2013.pdf").read_bytes() for folder in
            (tmp_path / "first", tmp_path / "kept", tmp_path / "none")}
    assert len(made) == 1
    # A picture imports Pillow when it is drawn.
    assert run(pictured, tmp_path / "pictured", cache) == '["module", false]'
    reader = PdfReader(str(tmp_path / "pictured" / "pictured.pdf"))
    images = [x for page in reader.pages
              for x in (page["/Resources"].get("/XObject") or {}).values()
              if x.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 1


def test_harfbuzz_is_imported_only_when_a_script_is_shaped_and_shapes_the_same(tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path
    examples = Path(__file__).resolve().parents[2] / "examples"
    program = (
        "import sys, json, palais\n"
        "from palais import cli\n"
        "cli.own_process()\n"
        "if sys.argv[3] == 'whole':\n"
        "    from palais.deferred import import_whole\n"
        "    import_whole(cli.WHEN_USED)\n"
        "palais.render(sys.argv[1], formats=['pdf'], out_dir=sys.argv[2])\n"
        "print(json.dumps([type(sys.modules['uharfbuzz']).__name__,\n"
        "                  'uharfbuzz._harfbuzz' in sys.modules]))\n")

    def run(name, out, how="deferred"):
        done = subprocess.run([sys.executable, "-c", program, str(examples / name),
                               str(tmp_path / out), how], capture_output=True, text=True,
                              check=True, env={"PALAIS_CACHE_DIR": str(tmp_path / "cache"),
                                               "PATH": "/usr/bin:/bin"})
        return json.loads(done.stdout.split("\n")[-2])
    assert run("ga-letter-lima-2013.yaml", "latin") == ["Later", False]
    # Arabic is shaped: HarfBuzz is imported then, and shapes as when imported at once.
    assert run("languages/starter-ar.yaml", "arabic") == ["module", True]
    assert run("languages/starter-ar.yaml", "whole", "whole") == ["module", True]
    assert (tmp_path / "arabic" / "starter-ar.pdf").read_bytes() == \
        (tmp_path / "whole" / "starter-ar.pdf").read_bytes()


def _chunk(kind: bytes, data: bytes) -> bytes:
    import struct
    import zlib
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def test_a_face_the_document_never_draws_is_never_read(tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path
    letter = Path(__file__).resolve().parents[2] / "examples" / "ga-letter-lima-2013.yaml"
    program = (
        "import sys, json, palais\n"
        "from reportlab.pdfbase import pdfmetrics, ttfonts\n"
        "palais.render(sys.argv[1], formats=['pdf'], out_dir=sys.argv[2])\n"
        "read = [name for name, font in pdfmetrics._fonts.items()\n"
        "        if isinstance(font, ttfonts.TTFont)]\n"
        "print(json.dumps(sorted(read)))\n")
    done = subprocess.run([sys.executable, "-c", program, str(letter), str(tmp_path)],
                          capture_output=True, text=True, check=True,
                          env={"PALAIS_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"})
    read = json.loads(done.stdout.split("\n")[-2])
    reader = PdfReader(str(tmp_path / "ga-letter-lima-2013.pdf"))
    drawn = {str(font["/BaseFont"]).split("+", 1)[-1]
             for page in reader.pages
             for font in (f.get_object() for f in page["/Resources"]["/Font"].values())}
    # reportlab names a subset by its face's family name, Palais a face by its slot
    assert read and len(read) == len(drawn), (read, drawn)


_FRENCH = ("internationales développement coopération consultatives régionales "
           "interrégionales Organisation migrations Genève représentants permanents "
           "gouvernementales organisations compréhension").split()


def _drawn(paragraph) -> list:
    """The operators ``paragraph`` draws, as wrapped."""
    from reportlab.pdfgen.canvas import Canvas
    canvas = Canvas(io.BytesIO())
    paragraph.drawOn(canvas, 0, 0)
    return canvas._code


def _parts(paragraph, width) -> list:
    """The operators of each part of ``paragraph`` split in half, as laid out."""
    parts = paragraph.split(width, paragraph.height / 2)
    for part in parts:
        part.wrap(width, 1e6)
    return [_drawn(part) for part in parts]


@settings(max_examples=25, deadline=None)
@given(early=st.floats(120, 480), late=st.floats(120, 480), same=st.booleans(),
       start=st.integers(0, 13), count=st.integers(3, 150))
def test_lines_broken_ahead_of_the_layout_are_those_it_breaks(embedded_sheet, early, late,
                                                              same, start, count):
    # French, hyphenated, with a limit on hyphenated lines in a row: a breaking that
    # meets a third refuses that word, which the paragraph then remembers.
    words = [_FRENCH[(start + i) % len(_FRENCH)] for i in range(count)]
    document = Document(meta=Meta(language="fr"), sections=(Section(blocks=(
        Para(content=(Text(" ".join(words)),)),
        Para(content=(Text(" ".join(words[: count // 2]) + " "), Emph(children=(Text(
            " ".join(words[count // 2:])),)), Sup(children=(Text("2"),)))))),))

    def paragraphs():
        writer = PdfWriter(embedded_sheet)
        writer.begin(document.meta)
        for section in document.sections:
            writer.add_section(section)
        return list(writer._early)
    late = early if same else late
    for ahead, fresh in zip(paragraphs(), paragraphs(), strict=True):
        ahead.wrap_early(early)
        # the layout gives the width broken ahead, or another
        assert ahead.wrap(late, 1e6) == fresh.wrap(late, 1e6)
        assert _drawn(ahead) == _drawn(fresh)
        # and splits it at a page's foot the same way
        assert _parts(ahead, late) == _parts(fresh, late)


def test_the_story_s_paragraphs_are_offered_to_be_broken_ahead_at_the_frame_s_width(sheet):
    writer = PdfWriter(sheet)
    document = sample_document(long=True)
    writer.begin(document.meta)
    for section in document.sections:
        writer.add_section(section)
    offered = len(writer._early)
    assert offered > 20
    broken = 0
    while writer.wrap_early():
        broken += 1
    assert broken == offered and not writer._early
    from palais.writers.pdf.blocks import Paragraph
    width = sheet.page.frame_width.pt
    ahead = [f for f in writer._story_made if isinstance(f, Paragraph)]
    assert ahead and all(p._wrapped[0] == width and "_before_early_wrap" in vars(p)
                         for p in ahead)
    # laid out, they give the file a story made without breaking ahead gives
    assert writer.render(document) == PdfWriter(sheet).render(document)


def test_the_notes_a_paragraph_and_its_parts_call_are_known_without_walking_them(monkeypatch):
    from reportlab.lib.styles import ParagraphStyle

    from palais.writers.pdf import notes
    from palais.writers.pdf.blocks import Paragraph
    from palais.writers.pdf.inline import NOTE_CALLBACK
    style = ParagraphStyle("t", fontName="Times-Roman", fontSize=10, leading=12)
    words = " ".join(["migration"] * 120)
    plain = Paragraph(words, style)
    called = Paragraph(words + f'<onDraw name="{NOTE_CALLBACK}" label="n1"/> ' + words, style)
    walked = []
    collect = notes._collect
    monkeypatch.setattr(notes, "_collect", lambda frags, found: (walked.append(1),
                                                                  collect(frags, found)))
    plain.wrap(200, 1e6)
    first, rest = plain.split(200, 60)
    assert notes.called_notes(plain) == notes.called_notes(first) == \
        notes.called_notes(rest) == [] and not walked
    called.wrap(200, 1e6)
    parts = called.split(200, 300)
    assert notes.called_notes(called) == ["n1"] and walked
    found = [notes.called_notes(part) for part in parts]
    assert sorted(found) == [[], ["n1"]]               # only the part holding the call
