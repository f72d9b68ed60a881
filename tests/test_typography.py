import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from palais import model as m
from palais.errors import StyleError
from palais.typography import RULE_SETS, apply_typography, fix_spacing

UN, IOM = RULE_SETS["un-fr"], RULE_SETS["iom-fr"]


@pytest.mark.parametrize("text, un, iom", [
    ("Original : anglais", "Original\u00a0: anglais", "Original\u00a0: anglais"),
    ("Original: anglais", "Original\u00a0: anglais", "Original\u00a0: anglais"),
    ("« texte »", "«\u00a0texte\u00a0»", "«\u00a0texte\u00a0»"),
    ("«texte»", "«\u00a0texte\u00a0»", "«\u00a0texte\u00a0»"),
    ("régions; fin", "régions; fin", "régions\u00a0; fin"),
    ("Pourquoi? Oui!", "Pourquoi? Oui!", "Pourquoi\u00a0? Oui\u00a0!"),
    ("https://www.iom.int et 10:30", "https://www.iom.int et 10:30", "https://www.iom.int et 10:30"),
    ("l'OIM", "l\u2019OIM", "l\u2019OIM"),
])
def test_rule_sets(text, un, iom):
    assert fix_spacing(text, UN) == un
    assert fix_spacing(text, IOM) == iom


def test_applies_to_text_notes_and_masthead_but_not_links():
    note = m.Note(id="n", mark="1", custom_mark=False, content=(m.Text("voir : ceci"),))
    doc = m.Document(meta=m.Meta(language="fr"), sections=(m.Section(blocks=(
        m.Para(content=(m.Text("Titre : x"), m.NoteRef(note),
                        m.Link("http://a.b/c:d", (m.Text("lien : ici"),)))),)),), notes=(note,))
    out = apply_typography(doc, "un-fr")
    para = out.sections[0].blocks[0]
    assert para.content[0].text == "Titre\u00a0: x"
    assert para.content[1].note.content[0].text == "voir\u00a0: ceci"
    assert para.content[2].href == "http://a.b/c:d"
    assert para.content[2].children[0].text == "lien\u00a0: ici"


def test_unknown_rule_set_names_the_known_ones():
    doc = m.Document(meta=m.Meta(language="fr"), sections=())
    with pytest.raises(StyleError, match="known: iom-fr, none, un-ar, un-en, un-es, un-fr, un-ru, un-zh"):
        apply_typography(doc, "fr-fr")


@pytest.mark.parametrize("text, curled", [
    ("the Chair's summary", "the Chair\u2019s summary"),
    ('the theme "Defining the place"', "the theme \u201cDefining the place\u201d"),
    ("\"Quoted\" at the start", "\u201cQuoted\u201d at the start"),
    ("he said \"the 'core' text\".", "he said \u201cthe \u2018core\u2019 text\u201d."),
    ("States' rights (\"inter alia\")", "States\u2019 rights (\u201cinter alia\u201d)"),
    ("https://www.iom.int/a", "https://www.iom.int/a"),
])
def test_un_english_curls_quotes_and_apostrophes(text, curled):
    assert fix_spacing(text, RULE_SETS["un-en"]) == curled


def test_quotes_curl_across_an_emphasis_and_restart_each_paragraph():
    doc = m.Document(meta=m.Meta(language="en"), sections=(m.Section(blocks=(
        m.Para(content=(m.Text('the report "'), m.Emph((m.Text("Migration"),)), m.Text('" of 2013.'))),
        m.Para(content=(m.Text('"Next" paragraph'),)),)),))
    first, second = apply_typography(doc, "un-en").sections[0].blocks
    assert first.content[0].text.endswith("\u201c") and first.content[2].text.startswith("\u201d")
    assert second.content[0].text.startswith("\u201cNext\u201d")


@pytest.mark.parametrize("rule_set, text, fixed", [
    ("un-ru", 'под девизом "Сотрудничество в интересах развития"',
     "под девизом «Сотрудничество в интересах развития»"),
    ("un-ru", "\"цитата 'внутри'\"", "«цитата „внутри“»"),
    ("un-ru", '"цитата "внутри"" и "ещё"', "«цитата „внутри“» и «ещё»"),
    ("un-ru", "О'Брайен", "О\u2019Брайен"),
    ("un-es", 'bajo el lema "Cooperación para el desarrollo"',
     "bajo el lema \u201cCooperación para el desarrollo\u201d"),
    ("un-zh", "与会者同意:加强交流,并举行会议.", "与会者同意：加强交流，并举行会议。"),
    ("un-zh", "报告 A/79/123, 见附件", "报告 A/79/123, 见附件"),
    ("un-ar", "المنظمات الإقليمية, واستعرض التقرير", "المنظمات الإقليمية، واستعرض التقرير"),
    ("un-ar", "هل اتفقوا?", "هل اتفقوا؟"),
    ("un-ar", "A/79/123, 2023", "A/79/123, 2023"),
])
def test_language_rule_sets(rule_set, text, fixed):
    assert fix_spacing(text, RULE_SETS[rule_set]) == fixed


def test_every_language_of_the_built_in_sheets_has_its_rule_set():
    from palais import words
    from palais.styles import resolve_styles
    from palais.resources import SearchPath
    for name in ("un-newyork", "iom"):
        sheet = resolve_styles(name, SearchPath())
        assert set(sheet.typography) == set(words.LANGUAGES), name


@given(st.text(alphabet=":;?!«»'\",.()  \u00a0\u202fabcé中文ابت\n", max_size=40))
@settings(max_examples=300, deadline=None)
def test_a_rule_skipped_for_want_of_its_characters_would_have_changed_nothing(text):
    # fix_spacing passes over a pattern when the text lacks what it needs; running
    # every pattern over the text must give the same.
    from palais.typography import _MARKS, _curl
    for name, rules in RULE_SETS.items():
        expected = text
        for rule in rules:
            expected = _curl(expected, "", _MARKS[rule]) if isinstance(rule, str) \
                else rule[0].sub(rule[1], expected)
        assert fix_spacing(text, rules) == expected, name


@pytest.mark.parametrize("language", ["fr", "en", "ru", "zh", "ar"])
def test_set_section_by_section_as_read_is_set_as_a_whole(language):
    import dataclasses

    from palais.reader import read_document as read
    from palais.typography import Typesetter
    sheet_typography = {"fr": "iom-fr", "en": "un-en", "ru": "un-ru", "zh": "un-zh",
                        "ar": "un-ar"}
    markup = ('<document lang="{0}" title="Le \'titre\' : «ici»">'
              '<section><heading>Il dit "oui" ; l\'autre : non</heading>'
              '<para>Un "mot"<note>Une note : "ici"</note> et <em>"là"</em> ?</para></section>'
              '<section><toc title="Table"/><para lang="en">It\'s "here" : yes</para>'
              '<para>Encore "une"<note id="n2">Deux ; "trois"</note></para></section>'
              '</document>').format(language)
    document = read(markup)
    whole = apply_typography(document, sheet_typography[language], sheet_typography)
    setter = Typesetter(sheet_typography[language], sheet_typography)
    set_each = []
    for index, section in enumerate(document.sections):
        head, half = dataclasses.replace(section, blocks=()), len(section.blocks) // 2
        first = setter.part(index, head, section.blocks[:half])
        last = setter.part(index, head, section.blocks[half:], section)
        assert first[2] is None and first[0] is last[0]
        assert tuple(first[1] + last[1]) == last[2].blocks
        set_each.append(last[2])
    done = setter.document(document)
    assert done == whole
    assert all(a is b for a, b in zip(done.sections, set_each))      # not set twice
    # a section changed since it was set (a contents filled) is set again
    later = dataclasses.replace(document, sections=(
        document.sections[0], dataclasses.replace(document.sections[1])))
    assert setter.document(later) == apply_typography(later, sheet_typography[language],
                                                       sheet_typography)


# The pattern the space before French marks is set by, written as a regular expression.
def _space_before_by_pattern(text, marks, space="\u00a0"):
    import re
    return re.sub(rf"(?<=[^\s\u00a0\u202f])[ \u00a0\u202f]*([{marks}])(?=\s|$|»)",
                  space + r"\1", text)


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from("a1:;?!.,»« \u00a0\u202f\t\n/"), max_size=24),
       st.sampled_from([":", ":;?!"]))
def test_the_space_before_a_mark_is_set_as_the_pattern_sets_it(text, marks):
    from palais.typography import _before
    finder, space = _before(marks, "\u00a0")
    assert finder.sub(space, text) == _space_before_by_pattern(text, marks)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("a\u00e9_1' \u2019-\u4e2d"), max_size=16))
def test_an_apostrophe_between_letters_is_set_as_the_pattern_sets_it(text):
    import re

    from palais.typography import _APOSTROPHE
    finder, mark = _APOSTROPHE[0]
    assert finder.sub(mark, text) == re.sub(r"(?<=\w)'(?=\w)", mark, text)
