"""Tests for engine/writers/html: the page's structure, its notes and links, its text as typed."""
import pytest
from lxml import html

from palais.model import (Cell, Document, Emph, Figure, Heading, Link, List, ListItem, Meta,
                          Note, NoteRef, Para, Row, Section, Table, Text, Toc, TocEntry)
from palais.styles import resolve_styles
from palais.writers import get_writer
from palais.writers.html import HtmlWriter


@pytest.fixture(scope="module")
def sheet():
    return resolve_styles("un-newyork")


def page(sheet, *blocks, language="fr", sections=None):
    document = Document(meta=Meta(language=language, title="Titre"),
                        sections=sections or (Section(blocks=blocks),),
                        notes=tuple(n for b in blocks for n in _notes(b)))
    data = HtmlWriter(sheet).render(document)
    assert data.startswith(b"<!DOCTYPE html>")
    return html.document_fromstring(data.decode("utf-8"))


def _notes(block):
    for node in getattr(block, "content", ()):
        if isinstance(node, NoteRef):
            yield node.note


def test_the_registry_knows_html():
    assert get_writer("html") is HtmlWriter


def test_a_page_is_semantic_and_self_contained(sheet):
    table = Table(rows=(Row(cells=(Cell(blocks=(Para(content=(Text("Nom"),)),)),
                                   Cell(blocks=(Para(content=(Text("Pays"),)),))), header=True),
                        Row(cells=(Cell(blocks=(Para(content=(Text("Ana"),)),)),
                                   Cell(blocks=(Para(content=(Text("Pérou"),)),))))),
                  widths=(2, 1))
    root = page(sheet,
                Heading(content=(Text("Introduction"),), level=1, number="I.", anchor="h1"),
                Para(content=(Text("Texte "), Emph((Text("important"),)), Text(".")),
                     number="1."),
                List(items=(ListItem("a)", (Text("un;"),)), ListItem("b)", (Text("deux."),)))),
                List(items=(ListItem("•", (Text("puce"),)),)),
                Figure(title="Carte des États"),
                table)
    assert root.get("lang") == "fr"
    main = root.find(".//main")
    heading = main.find(".//h1")
    assert heading.get("id") == "h1" and heading.text_content() == "I. Introduction"
    assert main.find(".//p/em").text == "important"
    ordered = main.find(".//ol")
    assert [li.text_content() for li in ordered.findall("li")] == ["a) un;", "b) deux."]
    assert main.find(".//ul/li/span").get("aria-hidden") == "true"      # the bullet
    assert main.find(".//figure/div").get("aria-label") == "Carte des États"
    assert [th.get("scope") for th in main.findall(".//thead/tr/th")] == ["col", "col"]
    assert [td.text_content() for td in main.findall(".//tbody/tr/td")] == ["Ana", "Pérou"]
    # the look comes along: the CSS of the styles used, from the sheet
    css = root.find(".//style").text
    assert ".s-SingleTxt {" in css and "@media print" in css
    assert root.find(".//link") is None and root.find(".//script") is None


def test_notes_are_linked_both_ways(sheet):
    note = Note(id="n1", mark="1", custom_mark=False, content=(Text("La note."),))
    root = page(sheet, Para(content=(Text("Appel"), NoteRef(note), Text(" et encore"),
                                     NoteRef(note))))
    calls = root.findall(".//sup[@class='call']/a")
    assert [a.get("href") for a in calls] == ["#note-n1", "#note-n1"]
    assert calls[0].get("id") == "call-n1" and calls[1].get("id") == "call-n1-2"
    item = root.get_element_by_id("note-n1")
    assert item.text_content() == "1 La note."
    assert item.find(".//a").get("href") == "#call-n1"                 # back to the call
    assert item.find(".//a").get("role") == "doc-backlink"


def test_text_typed_is_text(sheet):
    typed = 'A & B <script>alert(1)</script> {{ x }} _a_ <b>'
    root = page(sheet, Para(content=(Text(typed),)),
                Para(content=(Link("javascript:alert(1)", (Text("lien"),)),)))
    assert typed in root.find(".//main").text_content()
    assert root.find(".//script") is None and root.find(".//b") is None
    assert not root.xpath("//a[starts-with(@href, 'javascript')]")     # only safe links


def test_contents_link_to_their_headings(sheet):
    entry = TocEntry(anchor="h1", level=1, number="I.", content=(Text("Introduction"),),
                     paragraphs="1–3")
    root = page(sheet, Toc(title="Table des matières", entries=(entry,)),
                Heading(content=(Text("Introduction"),), level=1, number="I.", anchor="h1"))
    link = root.find(".//nav//a")
    assert link.get("href") == "#h1" and link.text_content() == "I. Introduction"
    assert root.find(".//nav").get("aria-label") == "Table des matières"


def test_arabic_reads_right_to_left(sheet):
    root = page(sheet, Para(content=(Text("نص"),)), language="ar")
    assert root.get("dir") == "rtl" and root.get("lang") == "ar"


def test_the_same_document_gives_the_same_bytes(sheet):
    document = Document(meta=Meta(language="en"), sections=(Section(blocks=(
        Para(content=(Text("Same."),)),)),))
    assert HtmlWriter(sheet).render(document) == HtmlWriter(sheet).render(document)


def test_the_cover_band_of_the_pdf_is_painted_behind_the_cover_title():
    from palais.writers.html.css import stylesheet
    iom = resolve_styles("iom")
    css = stylesheet(iom, {"CoverTitle"}, False)
    band = [rule for rule in css.splitlines() if rule.startswith("section.cover")]
    assert len(band) == 1 and "#0033A0" in band[0]
    # the title is white: without the band it would be white on the white page
    assert "color: #FFFFFF" in css
    height = (iom.length("cover", "band-height").pt - iom.page.margin_top.pt) \
        / iom.styles["Normal"].size.pt
    assert f"calc({height:.4g}em + 1.5em)" in band[0]
    # a sheet without a band paints none
    assert "section.cover" not in stylesheet(resolve_styles("un-newyork"), {"Normal"}, False)
