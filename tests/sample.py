"""A small model tree with every node the writers handle, for writer tests."""
from palais.model import (Document, Emph, Heading, LineBreak, Link, List, ListItem, Masthead,
                          MastheadLine, Meta, Note, NoteRef, Para, Section, Signature, Strong,
                          Text)


def sample_document(long=False):
    """Return a two-section letter: a body with a masthead, and an annex with notes."""
    star = Note(id="agenda", mark="*", custom_mark=True, content=(Text("A/68/50."),))
    one = Note(id="rcp", mark="1", custom_mark=False,
               content=(Text("Conférence sud-américaine sur les migrations; Processus de Bali. "
                             "Names: Žák, Gómez, Kırgızistan, Nguyễn & <Co> {{ x }}."),))
    two = Note(id="orgs", mark="2", custom_mark=False,
               content=(Text("Union européenne, Ligue des États arabes."),))
    masthead = Masthead(
        org="Nations Unies", symbol="A/68/999", organs=("Assemblée générale",),
        distribution="Distr. générale", date="28 juin 2013", language="Français",
        original="Original\u00a0: anglais",
        agenda=(MastheadLine((Text("Soixante-huitième session"),), bold=True),
                MastheadLine((Text("Point 21 e) de la liste préliminaire"), NoteRef(star))),
                MastheadLine((Text("Mondialisation et interdépendance\u00a0: migrations "
                                   "internationales et développement"),), bold=True)))
    filler = ("Les participants ont trouvé utile de pouvoir examiner les quatre thèmes des "
              "tables rondes du prochain Dialogue de haut niveau, à savoir la prise en compte "
              "systématique de la migration dans les dispositifs de développement. ")
    body = Section(role="body", blocks=(
        masthead,
        Heading(content=(Text("Lettre datée du 26 juin 2013, adressée au Secrétaire général"),),
                level=0, style="HCh", toc=False),
        Para(content=(Text("J'ai l'honneur de vous faire savoir que la quatrième Réunion "
                           "mondiale s'est tenue à Lima sur le thème «\u00a0Définir la place "
                           "des processus\u00a0» & <b>{{ ok }}</b>."),), style="LetterTxt"),
        Signature(lines=((Text("L'Ambassadeur,"),),
                         (Text("Représentant permanent du Pérou"),),
                         (Text("("), Emph((Text("Signé"),)), Text(") Enrique "),
                          Strong((Text("Roman-Morey"),))))),
    ))
    paras = [Para(content=(Text("Y ont participé des représentants de processus consultatifs "
                                "régionaux"), NoteRef(one), Text(", d'organismes régionaux"),
                           NoteRef(two), Text(" et d'instances interrégionales. " + filler)),
                  number="1."),
             Para(content=(Text("Les intervenants ont insisté sur les points suivants\u00a0:"),),
                  number="2."),
             List(items=(ListItem("a)", (Text("Les politiques adoptées " + filler + ";"),)),
                         ListItem("b)", (Text("Il faut poursuivre les efforts; voir "),
                                         Link("https://www.iom.int", (Text("www.iom.int"),)),
                                         Text("."))))),
             ]
    if long:
        paras += [Para(content=(Text(filler * 6),), number=f"{n}.") for n in range(3, 30)]
    annex = Section(role="annex", new_page=True, number="1", blocks=(
        Heading(content=(Text("Annexe à la lettre datée du 26 juin 2013"),), level=0,
                style="HCh", toc=False),
        Heading(content=(Text("Quatrième Réunion mondiale"), LineBreak(), Text("Lima")),
                level=1, style="H1", toc=False),
        *paras,
        Para(content=(Text("Lima, 23 mai 2013"),), style="Closing"),
    ))
    meta = Meta(language="fr", symbol="A/68/999", job_number="13-37702",
                job_line="13-37702 (F)    030713    050713", barcode="*1337702*",
                recycle="Merci de recycler", title="Lettre datée du 26 juin 2013")
    return Document(meta=meta, sections=(body, annex), notes=(star, one, two))
