"""End to end: every example rendered to DOCX and PDF, checked against its seed and its layout."""
import importlib.util
import re
import warnings
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

import wordtext
from palais import compose, render
from palais import model as m

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
EXAMPLES = {
    "ga-letter-lima-2013": "000_50270f08bd0929ff.txt",
    "ga-report-sg-2008": "001_98b64905b63b8c8b.txt",
    "ga-note-hearings-2006": "004_7566c92e47a3a57f.txt",
    "iom-report-geneva-2017": "002_9426656e3dc294cd.txt",
}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Render every example once, into a folder shared by this module's tests."""
    out = tmp_path_factory.mktemp("out")
    for stem in EXAMPLES:
        render(REPO / "examples" / f"{stem}.yaml", formats=("docx", "pdf", "html"), out_dir=out)
    return out


def pages(path):
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def docx_part(path, name):
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def paragraphs_text(root):
    """Return the text of each paragraph under ``root``, tabs included."""
    return ["".join("\t" if e.tag == W + "tab" else (e.text or "")
                    for r in p.iter(W + "r") for e in r.iter(W + "t", W + "tab"))
            for p in root.iter(W + "p")]


# -- fidelity ----------------------------------------------------------------

def _fidelity_tool():
    tool = SHARED / "tools" / "fidelity.py"
    if not tool.is_file():
        pytest.skip(f"the fidelity tool is not at {tool}")
    spec = importlib.util.spec_from_file_location("fidelity", tool)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def coverage(tool, seed: Path, output: Path) -> float:
    """Return the share of the seed's shingles found in ``output``, as fidelity.py counts it."""
    seed_shingles = []
    for line in seed.read_text(encoding="utf-8").splitlines():
        for cell in line.split("\t"):
            words = tool.normalise(cell)
            if words:
                seed_shingles.extend(tool.shingles(words) if len(words) >= tool.K else [" ".join(words)])
    if output.suffix == ".pdf":
        raw = "\n".join(pages(output))
    elif output.suffix == ".html":
        with warnings.catch_warnings():       # the tool's own reading of a page leaves
            warnings.simplefilter("ignore", ResourceWarning)      # its file to the collector
            raw = tool.html_text(str(output))
    else:
        raw = wordtext.text(output)          # with the labels Word's numbering prints
    words = tool.normalise(raw)
    found = set(tool.shingles(words))
    for n in range(1, tool.K):
        found.update(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    return sum(1 for s in seed_shingles if s in found) / len(seed_shingles)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
@pytest.mark.parametrize("stem", sorted(EXAMPLES))
def test_output_holds_the_seed_text(rendered, stem, fmt):
    tool = _fidelity_tool()
    value = coverage(tool, SHARED / "seeds" / EXAMPLES[stem], rendered / f"{stem}.{fmt}")
    # A PDF's text runs the running heads and the notes of a page into a paragraph
    # the page breaks, so each such paragraph costs the five-word runs across the
    # break: the floor holds only while the pages break about where the original's do.
    assert value >= 0.995, f"{stem}.{fmt}: coverage {value:.4f}"


# -- the Lima letter ---------------------------------------------------------

@pytest.mark.parametrize("stem", sorted(EXAMPLES))
def test_no_character_is_drawn_without_a_glyph(rendered, stem):
    from pdfglyphs import missing_glyphs
    assert missing_glyphs(rendered / f"{stem}.pdf") == []


def test_letter_pdf_layout(rendered):
    path = rendered / "ga-letter-lima-2013.pdf"
    reader = PdfReader(str(path))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == (612, 792)
    text = [t.replace("\u00a0", " ") for t in pages(path)]
    first = text[0]
    for words in ("Nations Unies", "Assemblée générale", "A/68/XXX", "Distr. générale",
                  "28 juin 2013", "Soixante-huitième session", "Original : anglais",
                  "13-37702 (F)", "A/68/50."):
        assert words in first, words
    # page 2: the annex alone, under the running header
    assert "Annexe à la lettre datée du 26 juin 2013" in text[1]
    assert "J\u2019ai l\u2019honneur" not in text[1]
    assert text[1].lstrip().startswith("A/68/XXX")
    assert re.search(rf"\b2/{len(text)}\b", text[1])
    # the notes sit on the page that calls them
    assert "Conférence sud-américaine sur les migrations; Consultations" in text[1]
    assert "Lima, 23 mai 2013" in text[-1]


def test_letter_docx_structure(rendered):
    path = rendered / "ga-letter-lima-2013.docx"
    document = docx_part(path, "word/document.xml")
    size = document.find(f".//{W}sectPr/{W}pgSz")
    assert (size.get(W + "w"), size.get(W + "h")) == ("12240", "15840")
    notes = docx_part(path, "word/footnotes.xml")
    real = [n for n in notes.iter(W + "footnote") if int(n.get(W + "id")) > 0]
    texts = [" ".join(paragraphs_text(n)) for n in real]
    assert len(real) == 3
    assert "A/68/50." in texts[0] and texts[0].lstrip().startswith("*")
    assert texts[1].strip().startswith("Conférence sud-américaine")
    assert texts[2].strip().startswith("Union européenne")
    body = wordtext.paragraphs(path)
    with zipfile.ZipFile(path) as archive:
        tables = [etree.fromstring(archive.read(n)).find(f".//{W}tbl") for n in archive.namelist()
                  if re.match(r"word/header\d+\.xml", n)]
    table_text = " ".join(" ".join(paragraphs_text(t)) for t in tables if t is not None)
    assert "Nations Unies" in table_text and "Assemblée générale" in table_text
    annex = next(p for p in document.iter(W + "p")
                 if "".join(t.text or "" for t in p.iter(W + "t")).startswith("Annexe à la lettre"))
    assert annex.find(f"{W}pPr/{W}pageBreakBefore") is not None or \
        annex.getprevious().find(f".//{W}br[@{W}type='page']") is not None
    numbered = [t for t in body if re.match(r"^\d+\. ?\t", t)]
    assert [t.split(".")[0] for t in numbered] == [str(n) for n in range(1, 12)]
    with zipfile.ZipFile(path) as archive:
        headers = [archive.read(n).decode() for n in archive.namelist()
                   if re.match(r"word/header\d+\.xml", n)]
    assert any("A/68/XXX" in h for h in headers)


def test_same_input_same_bytes(rendered, tmp_path):
    render(REPO / "examples" / "ga-letter-lima-2013.yaml", out_dir=tmp_path)
    for fmt in ("docx", "pdf"):
        name = f"ga-letter-lima-2013.{fmt}"
        assert (tmp_path / name).read_bytes() == (rendered / name).read_bytes()


def test_typed_text_stays_text(tmp_path):
    source = (REPO / "examples" / "ga-letter-lima-2013.yaml").read_text(encoding="utf-8")
    tricky = "Žák & Gómez <b>Kırgızistan</b> {{ Nguyễn }} {% raw %}"
    source = source.replace("surname: Roman-Morey", f'surname: "{tricky}"')
    path = tmp_path / "tricky.yaml"
    path.write_text(source, encoding="utf-8")
    result = render(path, out_dir=tmp_path)
    assert not result.warnings
    pdf = "".join(pages(tmp_path / "tricky.pdf"))
    docx = " ".join(paragraphs_text(docx_part(tmp_path / "tricky.docx", "word/document.xml")))
    for text in (pdf, docx):
        assert tricky in text


# -- reports and notes --------------------------------------------------------

def _numbers(document):
    return [int(b.number.rstrip(".")) for s in document.sections if s.role != "annex"
            for b in s.blocks if isinstance(b, m.Para) and b.number]


@pytest.mark.parametrize("stem, last", [("ga-report-sg-2008", 75), ("ga-note-hearings-2006", 76)])
def test_paragraph_numbers_run_without_gap(stem, last):
    document = compose(REPO / "examples" / f"{stem}.yaml").document
    assert _numbers(document) == list(range(1, last + 1))


def test_note_contents_show_the_seed_paragraph_ranges():
    document = compose(REPO / "examples" / "ga-note-hearings-2006.yaml").document
    toc = next(b for b in document.blocks() if isinstance(b, m.Toc))
    ranges = [e.paragraphs for e in toc.entries]
    seed = SHARED / "seeds" / EXAMPLES["ga-note-hearings-2006"]
    if not seed.is_file():
        pytest.skip(f"the seed is not at {seed}")
    rows = re.findall(r"^(?:[IVX]+|[A-H])\. .*?\t([\d–]+)\t\d+$",
                      seed.read_text(encoding="utf-8"), re.M)
    assert len(rows) == 17
    assert ranges == rows + [""]               # the annex: a page, no paragraphs


@pytest.mark.parametrize("stem", ["ga-report-sg-2008", "ga-note-hearings-2006"])
def test_docx_and_pdf_agree_on_headings_numbers_and_notes(rendered, stem):
    pdf = "\n".join(pages(rendered / f"{stem}.pdf"))
    docx_lines = wordtext.paragraphs(rendered / f"{stem}.docx")
    model = compose(REPO / "examples" / f"{stem}.yaml").document
    headings = [m.plain_text(b.content) for b in model.blocks()
                if isinstance(b, m.Heading) and b.number]
    flat_pdf = " ".join(pdf.split())
    position = 0
    for heading in headings:
        words = " ".join(heading.split()[:4])
        found = flat_pdf.find(words, position)
        assert found >= 0, heading
        position = found
        assert any(words in " ".join(line.split()) for line in docx_lines), heading
    numbered = [int(t.split(".")[0]) for t in docx_lines if re.match(r"^\d+\. ?\t", t)]
    assert numbered[:len(_numbers(model))] == _numbers(model)
    notes = docx_part(rendered / f"{stem}.docx", "word/footnotes.xml") \
        if stem != "ga-note-hearings-2006" else None
    foot = [n for n in model.notes if n.placement == "foot"]
    if notes is not None:
        real = [" ".join(paragraphs_text(n)) for n in notes.iter(W + "footnote")
                if int(n.get(W + "id")) > 0]
        assert len(real) == len(foot)
        for note, text in zip(foot, real):
            assert " ".join(m.plain_text(note.content).split()[:4]) in " ".join(text.split())
    for note in model.notes:
        assert " ".join(m.plain_text(note.content).split()[:4]) in flat_pdf


# -- the IOM summary report -----------------------------------------------------

IOM = "iom-report-geneva-2017"


def _participants():
    document = compose(REPO / "examples" / f"{IOM}.yaml").document
    rows = []
    for block in document.blocks():
        if isinstance(block, m.Table) and block.rows and \
                m.plain_text(block.rows[0].cells[0].blocks[0].content) == "#":
            for row in block.rows[1:]:
                number = m.plain_text(row.cells[0].blocks[0].content)
                name = m.plain_text(row.cells[2].blocks[0].content)
                rows.append((number, name))
    return rows


def test_participants_are_numbered_once_each():
    rows = _participants()
    assert [n for n, _ in rows] == [f"{i}." for i in range(1, 93)]


def test_participants_appear_once_in_both_formats_with_headers_on_every_page(rendered):
    rows = _participants()
    text = pages(rendered / f"{IOM}.pdf")
    flat = [" ".join(t.split()) for t in text]
    start = next(i for i, t in enumerate(flat) if "Annexe 7" in t and "Liste des participants" in t)
    end = next(i for i, t in enumerate(flat) if "Annexe 8" in t)
    annex = " ".join(flat[start:end])
    for number, name in rows:
        assert annex.count(f"{number} ") >= 1 and name.split()[-1] in annex, (number, name)
    for page in flat[start:end]:
        if any(f"{n} " in page for n, _ in rows[1:]):
            assert "MCIM Nom Titre" in page or "Organización Nombre Cargo" in page, page[:80]
    docx = paragraphs_text(docx_part(rendered / f"{IOM}.docx", "word/document.xml"))
    numbers = [t for t in docx if re.fullmatch(r"\d+\.", t)]
    assert [n for n, _ in rows] == [n for n in numbers if int(n[:-1]) <= 92][-92:]


def test_footnotes_keep_their_order_in_both_formats(rendered):
    document = compose(REPO / "examples" / f"{IOM}.yaml").document
    notes = docx_part(rendered / f"{IOM}.docx", "word/footnotes.xml")
    real = [" ".join(" ".join(paragraphs_text(n)).split()) for n in notes.iter(W + "footnote")
            if int(n.get(W + "id")) > 0]
    assert len(real) == len(document.notes) == 77
    pdf = " ".join(" ".join(pages(rendered / f"{IOM}.pdf")).split())
    position = 0
    for note, text in zip(document.notes, real):
        start = " ".join(m.plain_text(note.content).split()[:5])
        assert start.replace("\u2019", "'")[:20] in text.replace("\u2019", "'"), (note.id, text[:60])
        found = pdf.find(start, position)
        assert found >= 0, note.id
        position = found


def test_contents_pages_match_the_original(rendered):
    """The seed's contents: the page each part begins on, by faithful geometry."""
    expected = {"Liste d’acronymes": 5, "Introduction": 7, "Contexte de la septième": 9,
                "Résumé des travaux": 11, "Conclusions clés": 11,
                "Recommandations transrégionales": 13, "Cinq priorités": 13,
                "Cinq recommandations": 16, "Conclusions\n": 21}
    text = pages(rendered / f"{IOM}.pdf")
    toc = next(t for t in text if "Table des matières" in t)
    found = {}
    for title, page in expected.items():
        match = re.search(re.escape(title) + r"[^.]*?\.{3,}\s*(\d+)", toc)
        if match:
            found[title] = int(match.group(1))
    assert len(found) == len(expected), found
    close = [k for k, page in expected.items() if abs(found[k] - page) <= 1]
    assert len(close) >= 7, found


def test_annex_alone_holds_the_participants_and_nothing_of_the_body(tmp_path):
    result = render(REPO / "examples" / f"{IOM}.yaml", out_dir=tmp_path, annex="7")
    names = sorted(p.name for p in result.outputs)
    assert names == [f"{IOM}-annex-7.docx", f"{IOM}-annex-7.pdf"]
    text = " ".join(" ".join(pages(tmp_path / f"{IOM}-annex-7.pdf")).split())
    assert "Liste des participants" in text and "Tarik Sissou" in text
    for absent in ("Table des matières", "Liste d’acronymes", "Rapport Succinct",
                   "Annexe 6", "Annexe 8"):
        assert absent not in text
    docx = " ".join(paragraphs_text(docx_part(tmp_path / f"{IOM}-annex-7.docx", "word/document.xml")))
    assert "Tarik Sissou" in docx and "Table des matières" not in docx


def test_a_list_of_a_hundred_people_or_more_keeps_each_number_on_one_line(tmp_path, rendered):
    import yaml
    data = yaml.safe_load((REPO / "examples" / f"{IOM}.yaml").read_text(encoding="utf-8"))

    def doubled(groups):
        for group in groups:
            group["people"] = group.get("people", []) * 2
            doubled(group.get("groups", []))
    doubled(data["participants"]["groups"])
    source = tmp_path / "doubled.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    render(source, out_dir=tmp_path, annex="7")
    words = " ".join(pages(tmp_path / "doubled-annex-7.pdf")).split()
    numbers = [word for word in words if re.fullmatch(r"\d+\.", word)]
    assert numbers == [f"{i}." for i in range(1, 185)]     # "100." whole, not "100" and "."
    assert "." not in words

    def number_column(path):
        """Return the width of the "#" column of the first list of participants."""
        for table in docx_part(path, "word/document.xml").iter(W + "tbl"):
            if paragraphs_text(table)[0] == "#":
                return int(next(table.iter(W + "gridCol")).get(W + "w"))
    assert number_column(tmp_path / "doubled-annex-7.docx") > \
        number_column(rendered / f"{IOM}.docx")


@pytest.mark.parametrize("stem", ["ga-report-sg-2008", "ga-note-hearings-2006"])
def test_most_headings_land_where_the_original_printed_them(stem):
    """At least 16 of the 18 contents entries on the very page of the seed's page column."""
    from palais.writers.pdf import PdfWriter

    seed = SHARED / "seeds" / EXAMPLES[stem]
    if not seed.is_file():
        pytest.skip(f"the seed is not at {seed}")
    text = seed.read_text(encoding="utf-8")
    contents = text[text.index("Table des matières"):]
    original = [int(p) for p in re.findall(r"^(?:[IVX]+\.|[A-H]\.|Annexe)[^\n]*?\t(\d+)$",
                                            contents[:contents.index("\nI. Introduction\n")], re.M)]
    composed = compose(REPO / "examples" / f"{stem}.yaml")
    document, sheet = composed.document, composed.sheet
    writer = PdfWriter(sheet)
    writer.render(document)
    toc = next(b for b in document.blocks() if isinstance(b, m.Toc))
    pages = {h.anchor: page for h, page in writer.heading_pages}
    ours = [pages[entry.anchor] for entry in toc.entries]
    assert len(ours) == len(original) == 18
    exact = sum(a == b for a, b in zip(ours, original))
    assert exact >= 16, list(zip(ours, original))


def test_urls_in_notes_are_links_in_both_formats(rendered):
    reader = PdfReader(str(rendered / f"{IOM}.pdf"))
    uris = [a.get_object()["/A"]["/URI"] for page in reader.pages
            for a in page.get("/Annots", []) or []
            if a.get_object().get("/Subtype") == "/Link" and "/URI" in a.get_object().get("/A", {})]
    assert "http://www.un.org/en/development/desa/population/migration/generalassembly/docs/" \
        "A_RES_71_1_F.pdf" in uris
    with zipfile.ZipFile(rendered / f"{IOM}.docx") as archive:
        rels = archive.read("word/_rels/footnotes.xml.rels").decode()
        notes = archive.read("word/footnotes.xml").decode()
    assert "A_RES_71_1_F.pdf" in rels and "<w:hyperlink" in notes


# -- what readers of the files find --------------------------------------------------

def _headings(stem):
    found = []

    def walk(node):
        if isinstance(node, m.Heading):
            found.append(" ".join(m.plain_text(node.content).split()))
        elif isinstance(node, (tuple, list)):
            for item in node:
                walk(item)
        elif isinstance(node, (m.Section, m.Box)):
            walk(node.blocks)
    walk(compose(REPO / "examples" / f"{stem}.yaml").document.sections)
    return found


@pytest.mark.parametrize("stem", sorted(EXAMPLES))
def test_pandoc_reads_every_heading_as_a_heading(rendered, stem):
    import json
    import subprocess

    from clients import client
    done = subprocess.run([client("pandoc"), "-f", "docx", "-t", "json",
                           str(rendered / f"{stem}.docx")], capture_output=True, check=True)

    def text(inlines):
        out = []
        for item in inlines:
            kind, content = item["t"], item.get("c")
            if kind == "Str":
                out.append(content)
            elif kind in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif kind in ("Emph", "Strong", "SmallCaps", "Superscript", "Subscript"):
                out.append(text(content))
            elif kind in ("Link", "Span"):
                out.append(text(content[1]))
        return "".join(out)

    read = [" ".join(text(block["c"][2]).split()) for block in json.loads(done.stdout)["blocks"]
            if block["t"] == "Header"]
    for heading in _headings(stem):
        assert any(heading in found for found in read), heading


@pytest.mark.parametrize("stem", sorted(EXAMPLES))
def test_the_pdf_outline_lists_every_heading_in_order(rendered, stem):
    reader = PdfReader(str(rendered / f"{stem}.pdf"))
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)
    walk(reader.outline)
    headings = _headings(stem)
    assert len(titles) == len(headings)
    for title, heading in zip(titles, headings):
        assert title.endswith(heading)


@pytest.mark.parametrize("stem", sorted(EXAMPLES))
def test_every_mark_of_the_pdf_is_tagged_or_an_artifact(rendered, stem):
    import pdftags
    loose, marked = pdftags.untagged(rendered / f"{stem}.pdf")
    assert loose == []
    kinds, refs = pdftags.structure(rendered / f"{stem}.pdf")
    assert marked == refs                          # each marked run has its element
    assert kinds[0][:2] == (0, "Document")
    names = {kind for _, kind, _ in kinds}
    assert {"P", "H1"} <= names
    model = compose(REPO / "examples" / f"{stem}.yaml").document
    headings = [b for b in model.blocks() if isinstance(b, m.Heading)]
    assert sum(kind.startswith("H") and kind[1:].isdigit() for _, kind, _ in kinds) \
        == len(headings)
    if any(isinstance(b, m.Toc) for b in model.blocks()):
        assert "TOC" in names and "TOCI" in names
    if any(isinstance(b, m.Table) for b in model.blocks()):
        assert {"Table", "TR", "TD"} <= names
    if any(isinstance(b, m.List) for b in model.blocks()):
        assert "Lbl" in names
    # every link is a Link element holding its annotation; a note call's is a Reference's
    chains = pdftags.links(rendered / f"{stem}.pdf")
    assert chains and None not in chains and all(chain[0] == "Link" for chain in chains)
    endnotes = {n.id for b in model.blocks() if isinstance(b, m.Endnotes) for n in b.notes}
    if any(note.id not in endnotes for note in model.notes):     # notes at the page foot
        assert any(chain[1] == "Reference" for chain in chains)


@pytest.mark.parametrize("stem", sorted(EXAMPLES))
def test_every_docx_part_keeps_the_schema_s_order(rendered, stem):
    import ooxmlorder
    assert ooxmlorder.problems(rendered / f"{stem}.docx") == []
