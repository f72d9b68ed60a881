"""The General Assembly families from data: the English examples, and a kind added without Python."""
from io import StringIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from palais import compose, model as m
from palais.cli import main

REPO = Path(__file__).resolve().parent.parent
ENGLISH = REPO / "examples" / "en"
CUSTOM = REPO / "examples" / "custom-kind"


def text_of(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(str(pdf)).pages)


def headings(document):
    return [("".join(n.text for n in h.content if isinstance(n, m.Text)), h.style)
            for h in document.blocks() if isinstance(h, m.Heading)]


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    out = tmp_path_factory.mktemp("en")
    files = sorted(ENGLISH.glob("*.yaml"))
    code = main(["render", *map(str, files), "--out", str(out)], StringIO(), StringIO())
    assert code == 0
    return out


def test_every_english_example_renders_both_formats(english):
    stems = {p.stem for p in ENGLISH.glob("*.yaml")}
    assert {"letter-annexing-report", "co-signed-letter", "note-transmitting-report",
            "joint-ga-sc-letter"} <= stems
    for stem in stems:
        assert (english / f"{stem}.docx").stat().st_size > 0
        assert text_of(english / f"{stem}.pdf").startswith(tuple("0123456789"))  # the job line


def test_a_letter_annexing_a_report(english):
    document = compose(ENGLISH / "letter-annexing-report.yaml").document
    shown = headings(document)
    assert shown[0] == ("Letter dated 10 September 2025 from the Secretary-General addressed "
                        "to the President of the General Assembly", "HCh")
    assert shown[1][0].startswith("Annex to the letter dated 10 September 2025 from the "
                                  "Secretary-General")
    annex = document.sections[1]
    assert any(isinstance(b, m.Box) for b in annex.blocks)
    toc = next(b for b in annex.blocks if isinstance(b, m.Toc))
    assert [e.number for e in toc.entries] == ["I.", "II.", "A.", "B.", "III."]
    assert [e.paragraphs for e in toc.entries] == ["1–2", "3–4", "3", "4", "5–6"]
    text = text_of(english / "letter-annexing-report.pdf")
    assert "(Signed) Jane Placeholder" in text and "“minimum data set”" in text


def test_a_co_signed_letter(english):
    document = compose(ENGLISH / "co-signed-letter.yaml").document
    assert headings(document)[0][0] == (
        "Letter dated 1 October 2025 from the Permanent Representatives of Examplia and "
        "Samplestan to the United Nations addressed to the Secretary-General")
    signatures = [b for b in document.sections[0].blocks if isinstance(b, m.Signature)]
    assert len(signatures) == 2
    text = text_of(english / "co-signed-letter.pdf")
    assert text.index("(Signed) Alex Example") < text.index("(Signed) Sam Sample")
    assert "[Original: French]" in text and "Agenda item 16" in text


def test_a_note_by_the_secretary_general_transmitting_a_report(english):
    document = compose(ENGLISH / "note-transmitting-report.yaml").document
    shown = headings(document)
    assert shown[:2] == [("Children on the move", "Title"),
                         ("Note by the Secretary-General", "Subtitle")]
    report = document.sections[1]
    assert report.new_page and report.blocks[0].style == "HCh"
    numbers = [b.number for b in report.blocks if isinstance(b, m.Para) and b.number]
    assert numbers[0] == "1."                   # the transmitted report numbers its own
    assert not [b for b in document.sections[0].blocks if isinstance(b, m.Para) and b.number]
    assert "Secretary-General on Children on the Move" in text_of(
        english / "note-transmitting-report.pdf")


def test_a_joint_general_assembly_and_security_council_letter(english):
    document = compose(ENGLISH / "joint-ga-sc-letter.yaml").document
    masthead = document.sections[0].blocks[0]
    assert masthead.organs == ("General Assembly", "Security Council")
    assert masthead.symbol_parts() == [("A", True), ("/80/XXX–", False), ("S", True),
                                       ("/2025/XXX", False)]
    left = ["".join(n.text for n in line.content if isinstance(n, m.Text)) for line in masthead.agenda]
    assert left[:3] == ["General Assembly", "Eightieth session", "Items 31 and 35 of the preliminary list"]
    assert [line.content[0].text for line in masthead.agenda_side] == ["Security Council",
                                                                       "Eightieth year"]
    assert headings(document)[0][0].startswith("Identical letters dated 18 November 2025 from "
                                               "the Chargé d’affaires a.i.")
    assert headings(document)[0][0].endswith("addressed to the Secretary-General and the "
                                             "President of the Security Council")
    text = text_of(english / "joint-ga-sc-letter.pdf")
    assert "A/80/XXX–S/2025/XXX" in text and "Eightieth year" in text


def test_a_corrigendum_says_so_under_its_title(english):
    shown = headings(compose(ENGLISH / "corrigendum.yaml").document)
    assert [h[0] for h in shown[:3]] == ["Advisory Board on Migration Data",
                                         "Report of the Secretary-General", "Corrigendum"]


# -- a kind added without Python (docs/templates.md) --------------------------

def test_the_co_chairs_kind_renders_through_template_dir(tmp_path):
    out, err = StringIO(), StringIO()
    code = main(["render", str(CUSTOM / "meeting.yaml"), "--template-dir",
                 str(CUSTOM / "templates"), "--out", str(tmp_path)], out, err)
    assert code == 0, err.getvalue()
    text = text_of(tmp_path / "meeting.pdf")
    assert "Co-Chairs’ summary" in text                     # the one overridden label
    annex = text[text.index("Co-Chairs’ summary"):]
    assert "(Signed) Alex Example" in annex and "(Signed) Sam Sample" in annex
    assert (tmp_path / "meeting.docx").stat().st_size > 0
    sheet = compose(CUSTOM / "meeting.yaml", [CUSTOM / "templates"]).sheet
    assert sheet.style("Signature").space_before.pt == 30   # the style sheet override


@pytest.mark.parametrize("old, new, message", [
    ("    - title: [Co-Chair, Permanent Representative of Samplestan]\n      given-name: Sam\n"
     "      surname: Sample\n", "", "meeting.co-chairs: expected at least 2 items, got 1"),
    ("  co-chairs:", "  cochairs:", "meeting.cochairs: unknown key 'cochairs'; did you mean "
                                    "'co-chairs'?"),
])
def test_the_new_field_is_validated_at_its_place(tmp_path, old, new, message):
    source = (CUSTOM / "meeting.yaml").read_text(encoding="utf-8")
    assert old in source
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(source.replace(old, new, 1), encoding="utf-8")
    err = StringIO()
    code = main(["validate", str(meeting), "--template-dir", str(CUSTOM / "templates")],
                StringIO(), err)
    assert code == 2 and f"{meeting}:" in err.getvalue() and message in err.getvalue()


def test_an_english_co_signed_letter_out_of_order_is_a_warning(tmp_path):
    source = (ENGLISH / "co-signed-letter.yaml").read_text(encoding="utf-8")
    swapped = source.replace("state: Examplia}\n    - {office: permanent-representative, "
                             "state: Samplestan}", "state: Samplestan}\n    - {office: "
                             "permanent-representative, state: Examplia}")
    assert swapped != source
    (tmp_path / "m.yaml").write_text(swapped, encoding="utf-8")
    warnings = compose(tmp_path / "m.yaml").warnings
    assert [code for code, _ in warnings] == ["signatory-order"]
    assert "m.yaml:26:5: letter.from: co-signing States are listed in English alphabetical " \
           "order: Examplia, Samplestan" in warnings[0][1]


def _deletions(data, path=()):
    """Yield the paths of every mapping key down to three levels, lists through their first item."""
    if len(path) >= 3:
        return
    if isinstance(data, dict):
        for key, value in data.items():
            yield path + (key,)
            yield from _deletions(value, path + (key,))
    elif isinstance(data, list) and data:
        yield from _deletions(data[0], path + (0,))


@pytest.mark.parametrize("example", sorted(p.name for p in ENGLISH.glob("*.yaml")))
def test_what_validation_accepts_the_templates_render(tmp_path, example):
    import yaml

    from palais.errors import ValidationError
    data = yaml.safe_load((ENGLISH / example).read_text(encoding="utf-8"))
    tried = 0
    for path in _deletions(data):
        changed = yaml.safe_load((ENGLISH / example).read_text(encoding="utf-8"))
        holder = changed
        for part in path[:-1]:
            holder = holder[part]
        del holder[path[-1]]
        target = tmp_path / f"{len(path)}-{tried}.yaml"
        target.write_text(yaml.safe_dump(changed, allow_unicode=True), encoding="utf-8")
        try:
            compose(target)             # valid data must render; invalid data must say why
        except ValidationError:
            pass
        tried += 1
    assert tried > 10


# -- a passage in another language ----------------------------------------------------

def test_a_passage_in_another_language_says_so_in_both_formats(english):
    import zipfile
    document = compose(ENGLISH / "co-signed-letter.yaml").document
    passage = next(b for b in document.blocks() if isinstance(b, m.Para) and b.lang)
    assert passage.lang == "fr"
    # the passage's own typography: French spaces inside the guillemets
    assert passage.content[0].text == "«\u00a0Un numérique ouvert, au service de chacun.\u00a0»"
    reader = PdfReader(str(english / "co-signed-letter.pdf"))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    found = []

    def walk(element):
        element = element.get_object()
        if isinstance(element, int) or element.get("/Type") in ("/MCR", "/OBJR"):
            return
        if "/Lang" in element:
            found.append((str(element["/S"]), str(element["/Lang"])))
        kids = element.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid)
    for kid in root["/StructTreeRoot"]["/K"]:
        walk(kid)
    assert ("/P", "fr") in found
    with zipfile.ZipFile(english / "co-signed-letter.docx") as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    marked = xml[:xml.index("Un numérique")].rsplit("<w:r>", 1)[-1]
    assert '<w:lang w:val="fr-FR"/>' in marked
    assert xml.count("<w:lang ") == 1                  # the other text is the document's


def test_a_passage_language_must_be_one_of_the_six(tmp_path):
    source = (ENGLISH / "co-signed-letter.yaml").read_text(encoding="utf-8")
    meeting = tmp_path / "letter.yaml"
    meeting.write_text(source.replace("        lang: fr\n", "        lang: french\n"),
                       encoding="utf-8")
    err = StringIO()
    assert main(["validate", str(meeting)], StringIO(), err) == 2
    assert f"{meeting}:" in err.getvalue() and "lang" in err.getvalue()


# -- cross-references -----------------------------------------------------------------

def test_cross_references_print_their_target_s_number_and_link_to_it(english):
    import zipfile
    text = " ".join(text_of(english / "letter-annexing-report.pdf").split())
    assert "summarized in paragraph 4 above; chapter III is the Board" in text
    reader = PdfReader(str(english / "letter-annexing-report.pdf"))
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, 1)}
    runs = []                          # (page, y, text) of every text run

    for number, page in enumerate(reader.pages, 1):
        page.extract_text(visitor_text=lambda t, cm, tm, *_, n=number:
                          runs.append((n, cm[5] + tm[5], t)) if t.strip() else None)

    def line_of(words):
        return next((n, y) for n, y, t in runs if words in t)
    page, y = line_of("summarized in paragraph")
    targets = set()
    for annotation in reader.pages[page - 1].get("/Annots", []) or []:
        annotation = annotation.get_object()
        bottom, top = float(annotation["/Rect"][1]), float(annotation["/Rect"][3])
        if bottom - 14 <= y <= top + 14 and "/Dest" in annotation:
            destination = annotation["/Dest"]
            targets.add((pages[destination[0].idnum], round(float(destination[3]))))
    paragraph = line_of("At its sixth session")
    heading = max((n, y) for n, y, t in runs if t.strip() == "Recommendations")  # not the contents
    # each link goes to the top of its target's first line (its leading above the baseline)
    assert len(targets) == 2
    for (target_page, target_top), (page_of, baseline) in zip(sorted(targets, key=lambda t: -t[1]),
                                                               [paragraph, heading]):
        assert target_page == page_of and 0 < target_top - baseline <= 18
    with zipfile.ZipFile(english / "letter-annexing-report.docx") as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    import re
    anchors = re.findall(r'<w:hyperlink w:anchor="([^"]+)"', xml)
    assert len(anchors) == 2
    for anchor in anchors:
        assert f'w:name="{anchor}"' in xml                # each points at a bookmark
