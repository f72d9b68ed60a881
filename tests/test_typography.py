import pytest

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
    with pytest.raises(StyleError, match="known: iom-fr, none, un-fr"):
        apply_typography(doc, "fr-fr")
