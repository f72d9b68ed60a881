import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from palais import model as m
from palais.errors import TemplateError
from palais.numbering import list_label
from palais.reader import read_document


def read(body, attrs='lang="fr"'):
    return read_document(f"<document {attrs}>{body}</document>")


def test_paragraph_numbers_run_through_the_body_and_restart_in_each_annex():
    doc = read('<section><para numbered="true">a</para><para>b</para>'
               '<para numbered="true">c</para></section>'
               '<section role="annex" new-page="true" number="1">'
               '<para numbered="true">d</para></section>')
    numbers = [b.number for b in doc.blocks() if isinstance(b, m.Para)]
    assert numbers == ["1.", None, "2.", "1."]
    assert doc.sections[1].new_page and doc.sections[1].number == "1"


def test_cross_references_point_at_their_target_and_print_its_number():
    doc = read('<section><heading level="1" numbering="I." id="ch">Intro</heading>'
               '<para numbered="true">a</para>'
               '<para numbered="true" id="p2">b <link href="#ch">chapter</link></para>'
               '<para>See paragraph <link href="#p2"></link> and chapter <link href="#ch"/>'
               ' and <link href="https://un.org">un.org</link>.</para></section>')
    heading, first, second, third = doc.blocks()
    assert second.anchor.startswith("p") and first.anchor == ""
    links = [n for n in third.content if isinstance(n, m.Link)]
    assert [(link.href, m.plain_text(link.children)) for link in links] == [
        ("#" + second.anchor, "2"), ("#" + heading.anchor, "I"), ("https://un.org", "un.org")]
    assert [n for n in second.content if isinstance(n, m.Link)][0].href == "#" + heading.anchor


@pytest.mark.parametrize("body, message", [
    ('<para>x <link href="#nope">y</link></para><para id="nop">z</para>',
     "a link points at #nope, which no heading or paragraph has as its id; did you mean #nop?"),
    ('<para id="a">x</para><para id="a">y</para>', "id 'a' is given twice (first on line 1)"),
    ('<para id="a">x</para><para><link href="#a"/></para>',
     "the link to #a has no text, and what it points at has no number to print"),
])
def test_a_cross_reference_that_cannot_be_resolved_is_a_template_error(body, message):
    with pytest.raises(TemplateError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read(f"<section>{body}</section>")


def test_notes_are_numbered_in_call_order_custom_marks_aside():
    doc = read('<section><para>x<note mark="*">A/68/50.</note> y<note id="b">B</note>'
               ' z<note id="c">C</note> again<note id="b">B</note></para></section>')
    assert [(n.mark, n.custom_mark) for n in doc.notes] == [("*", True), ("1", False), ("2", False)]
    refs = [c.note.mark for c in next(doc.blocks()).content if isinstance(c, m.NoteRef)]
    assert refs == ["*", "1", "2", "1"]


@pytest.mark.parametrize("pattern, n, label", [
    ("a)", 3, "c)"), ("(a)", 27, "(aa)"), ("i)", 4, "iv)"), ("(i)", 9, "(ix)"),
    ("1.", 12, "12."), ("A.", 2, "B."), ("I.", 6, "VI."), ("•", 5, "•"),
])
def test_list_labels(pattern, n, label):
    assert list_label(pattern, n) == label


def test_lists_label_their_items():
    doc = read('<section><list labels="a)"><item>one</item><item>two</item></list></section>')
    block = next(doc.blocks())
    assert [i.label for i in block.items] == ["a)", "b)"]


def test_white_space_from_templates_is_folded_but_nbsp_kept():
    doc = read("<section><para>\n   Original\u00a0:   anglais\n  </para></section>")
    assert next(doc.blocks()).content == (m.Text("Original\u00a0: anglais"),)


def test_inline_nodes():
    doc = read('<section><para>(<em>Signé</em>) E <strong>R</strong>'
               '<link href="http://x">l</link><br/><sup>er</sup></para></section>')
    content = next(doc.blocks()).content
    assert content[1] == m.Emph((m.Text("Signé"),))
    assert content[3] == m.Strong((m.Text("R"),))
    assert content[4] == m.Link("http://x", (m.Text("l"),))
    assert isinstance(content[5], m.LineBreak)


def test_masthead_and_meta():
    doc = read('<section><masthead><org>Nations Unies</org><symbol>A/68/1</symbol>'
               '<agenda><line bold="true">Session</line><line>Point 1</line></agenda>'
               '</masthead></section>', 'lang="fr" symbol="A/68/1" job-number="13-1"')
    mast = next(doc.blocks())
    assert mast.org == "Nations Unies" and mast.symbol == "A/68/1"
    assert [line.bold for line in mast.agenda] == [True, False]
    assert doc.meta.symbol == "A/68/1" and doc.meta.job_number == "13-1"


@pytest.mark.parametrize("markup, message", [
    ("<document><section><para>x</section></document>", "document markup line 1"),
    ("<document><section><blink/></section></document>", "unknown element <blink>"),
    ("<document><section><para><blink/></para></section></document>", "unknown inline element <blink>"),
    ("<doc/>", "must start with <document>"),
])
def test_bad_markup_is_a_template_error(markup, message):
    with pytest.raises(TemplateError, match=message):
        read_document(markup)


def test_headings_are_numbered_by_level_and_toc_gets_paragraph_ranges():
    doc = read('<section><toc title="Table des matières" paragraphs-label="Paragraphes"/>'
               '<heading level="1" numbering="I.">Intro</heading>'
               '<para numbered="true">1</para><para numbered="true">2</para>'
               '<heading level="1" numbering="I.">Deux</heading>'
               '<heading level="2" numbering="A.">Sous A</heading><para numbered="true">3</para>'
               '<heading level="2" numbering="A.">Sous B</heading>'
               '<para numbered="true">4</para><para numbered="true">5</para>'
               '<heading level="1" numbering="I.">Trois</heading>'
               '<heading level="2" numbering="A.">Sous A</heading><para numbered="true">6</para>'
               '</section>'
               '<section role="annex"><heading level="1">Annexe</heading>'
               '<para numbered="true">1</para></section>')
    toc = next(doc.blocks())
    rows = [(e.number, m.plain_text(e.content), e.paragraphs) for e in toc.entries]
    assert rows == [("I.", "Intro", "1\u20132"), ("II.", "Deux", "3\u20135"),
                    ("A.", "Sous A", "3"), ("B.", "Sous B", "4\u20135"),
                    ("III.", "Trois", "6"), ("A.", "Sous A", "6"), (None, "Annexe", "")]
    assert len({e.anchor for e in toc.entries}) == len(toc.entries)


def test_notes_before_an_endnotes_block_are_printed_there():
    doc = read('<section><para>a<note mark="*">star</note> b<note id="n">N</note></para>'
               '<endnotes title="Notes"/></section>'
               '<section role="annex"><para>c<note id="f">F</note></para></section>')
    placements = {n.id: n.placement for n in doc.notes}
    assert placements == {"_note1": "foot", "n": "end", "f": "foot"}
    block = list(doc.blocks())[1]
    assert [n.id for n in block.notes] == ["n"]


def test_box_and_figure():
    doc = read('<section><box title="Résumé"><para>x</para></box>'
               '<figure label="Figure" title="Carte" height="100pt"><figure-note>Note : y</figure-note>'
               '</figure></section>')
    box, figure = list(doc.blocks())
    assert box.title == "Résumé" and box.blocks[0].content == (m.Text("x"),)
    assert figure.title == "Carte" and figure.height.pt == 100 and figure.note == (m.Text("Note : y"),)


def test_decimal_heading_numbers():
    doc = read('<section><heading level="1" numbering="1.1">a</heading>'
               '<heading level="1" numbering="1.1">b</heading>'
               '<heading level="2" numbering="1.1">b1</heading>'
               '<heading level="2" numbering="1.1">b2</heading>'
               '<heading level="1" numbering="1.1">c</heading>'
               '<heading level="2" numbering="1.1">c1</heading></section>')
    assert [b.number for b in doc.blocks()] == ["1", "2", "2.1", "2.2", "3", "3.1"]


TABLE = ('<section><para>a<note id="before">B</note></para>'
         '<table widths="1,4,3,4" style="Agenda">'
         '<row header="true"><cell>#</cell><cell>MCIM</cell><cell>Nom</cell><cell>Titre</cell>'
         '</row><row><cell>1.</cell><cell>Dialogue 5+5 <note id="x">X</note></cell><cell/>'
         '<cell>t</cell></row>'
         '<row><cell span="4"><strong>Première journée</strong></cell></row>'
         '<row><cell>9 h – 10 h</cell><cell span="3"><para style="TableText"><strong>S 1</strong>'
         '</para><para>Modérateur : <em>M. X</em></para><list labels="•"><item>un</item></list>'
         '<heading level="3">Sous-titre</heading></cell></row>'
         '</table><para>z<note id="after">A</note></para></section>')


def test_table_rows_cells_spans_and_widths():
    doc = read(TABLE)
    table = list(doc.blocks())[1]
    assert isinstance(table, m.Table) and table.style == "Agenda"
    assert table.widths == (1.0, 4.0, 3.0, 4.0) and table.columns == 4
    assert [r.header for r in table.rows] == [True, False, False, False]
    spans = [[c.span for c in r.cells] for r in table.rows]
    assert spans == [[1, 1, 1, 1], [1, 1, 1, 1], [4], [1, 3]]
    head = table.rows[0].cells[1].blocks
    assert head == (m.Para(content=(m.Text("MCIM"),), style="TableHeader"),)
    assert table.rows[1].cells[2].blocks == (m.Para(content=(), style="TableText"),)
    day = table.rows[2].cells[0].blocks[0]
    assert day.style == "TableText" and m.plain_text(day.content) == "Première journée"
    blocks = table.rows[3].cells[1].blocks
    assert [type(b).__name__ for b in blocks] == ["Para", "Para", "List", "Heading"]
    assert [b.style for b in blocks] == ["TableText", "TableText", "TableList", "TableHeader"]
    assert blocks[2].items[0].label == "•" and blocks[3].toc is False


def test_notes_in_cells_are_numbered_in_document_order():
    doc = read(TABLE)
    assert [(n.id, n.mark) for n in doc.notes] == [("before", "1"), ("x", "2"), ("after", "3")]
    cell = list(doc.blocks())[1].rows[1].cells[1].blocks[0]
    assert cell.content[-1] == m.NoteRef(doc.notes[1])


def test_table_widths_default_to_equal_columns():
    doc = read('<section><table><row><cell span="2">a</cell><cell>b</cell></row></table></section>')
    assert next(doc.blocks()).widths == (1.0, 1.0, 1.0)


@pytest.mark.parametrize("table, message", [
    ('<table widths="1,2,3">\n<row><cell>a</cell><cell>b</cell></row></table>',
     r"line 2: the cells of this <row> span 2 columns, but the table has 3"),
    ('<table>\n<row><cell>a</cell><cell>b</cell></row>\n<row><cell span="3">c</cell></row></table>',
     r"line 3: the cells of this <row> span 3 columns, but the table has 2"),
    ('<table><row><cell span="0">a</cell></row></table>', r"span='0': expected a whole number"),
    ('<table><row><cell span="two">a</cell></row></table>', r"span='two'"),
    ('<table widths="1,x"><row><cell>a</cell><cell>b</cell></row></table>',
     r"widths='1,x': expected positive numbers"),
    ('<table></table>', r"<table> has no <row>"),
    ('<table><para>a</para></table>', r"<table> holds <row> elements, not <para>"),
    ('<table>loose<row><cell>a</cell></row></table>', r"text 'loose' directly inside <table>"),
    ('<table><row><cell>a <para>b</para></cell></row></table>', r"either text or blocks"),
    ('<table><row><cell><table/></cell></row></table>', r"not <table>"),
    ('<table><row header="yes"><cell>a</cell></row></table>', r"header='yes'"),
])
def test_bad_tables_are_template_errors(table, message):
    with pytest.raises(TemplateError, match=message):
        read(f"<section>{table}</section>")


# -- read as the template writes ------------------------------------------------------

EXAMPLES = sorted(p for p in (Path(__file__).resolve().parents[1] / "examples").rglob("*.yaml")
                  if "custom-kind" not in p.parts)
_MARKUP = {}


def _example_markup(path) -> str:
    """The document markup the template writes for example ``path``."""
    if path not in _MARKUP:
        import palais
        from palais import templating
        written = []
        real = templating.render_template

        def keeping(*args, **kwargs):
            written.append(real(*args, **kwargs))
            return written[-1]
        templating.render_template = keeping
        try:
            palais.compose(path)
        finally:
            templating.render_template = real
        _MARKUP[path] = written[-1]
    return _MARKUP[path]


def _fed(markup: str, cuts) -> tuple:
    """Read ``markup`` through a SectionFeed given it cut at ``cuts``; return the
    document, the feed, and the (meta, index, section) of each section it told whole,
    with the blocks told of it before."""
    from palais.reader import SectionFeed
    told, parts = [], {}

    def on_blocks(meta, index, head, blocks, section):
        parts.setdefault(index, []).extend(blocks)
        assert head.blocks == () and dataclasses.replace(head, blocks=()) == head
        if section is not None:
            assert tuple(parts[index]) == section.blocks
            assert dataclasses.replace(section, blocks=()) == head
            told.append((meta, index, section))
    feed = SectionFeed(on_blocks)
    start = 0
    for cut in sorted(cuts) + [len(markup)]:
        feed.feed(markup[start:cut])
        start = cut
    return read_document(markup, feed), feed, told


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(EXAMPLES), st.lists(st.floats(0, 1), max_size=12))
def test_markup_read_as_it_is_written_gives_the_document_read_whole(path, shares):
    markup = _example_markup(path)
    document, feed, told = _fed(markup, [int(share * len(markup)) for share in shares])
    assert document == read_document(markup)
    if feed.kept:
        # each section told was read as it is in the document, contents entries aside
        assert [index for _, index, _ in told] == list(range(len(document.sections)))
        assert all(meta is document.meta for meta, _, _ in told)
        for (_, _, section), final in zip(told, document.sections):
            assert section is final or any(isinstance(b, m.Toc) for b in final.blocks)


@pytest.mark.parametrize("body, why", [
    ('<section><para>See <link href="#x">below</link>.</para></section>'
     '<section><heading id="x">Below</heading></section>', "a cross-reference"),
    ('<section><para>Text<note>A note.</note></para></section><section><endnotes title="Notes"/></section>',
     "end notes"),
    ('<para>Loose</para><section><para>In a section</para></section>', "a block out of any section"),
])
def test_markup_whose_end_changes_what_came_before_is_read_again(body, why):
    markup = f'<document lang="en">{body}</document>'
    document, feed, _ = _fed(markup, [len(markup) // 3])
    assert not feed.kept, why
    assert document == read_document(markup)


def test_a_mistake_met_as_the_markup_comes_is_reported_by_the_whole_reading():
    markup = '<document lang="en"><section><para>One</para></section><section><wrong/></section>'
    with pytest.raises(TemplateError) as whole:
        read_document(markup)
    with pytest.raises(TemplateError) as fed:
        _fed(markup, [30])
    assert str(fed.value) == str(whole.value)
