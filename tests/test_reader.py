import pytest

from engine import model as m
from engine.errors import TemplateError
from engine.reader import list_label, read_document


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
