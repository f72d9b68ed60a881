"""palais compare: two drafts of a meeting file -> the new one with tracked changes."""
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

import revisionxml
from clients import client, packaged_fonts, uno_python
from palais import build, compare
from palais.cli import main

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "examples" / "starter-chair-summary.yaml"
LETTER = ROOT / "examples" / "ga-letter-lima-2013.yaml"

# The second draft of the starter: each edit, and what it is, as the issue of a new
# draft would have it.
EDITS = [
    ("brought together representatives of regional",            # words in a paragraph
     "brought together senior representatives of regional"),
    ("      - Participants thanked the Government of Examplia for hosting the meeting.\n",
     "      - Participants called for a tenth Global Meeting to be held in 2027.\n"),
    ("  rcps: Listed in the list of participants.",              # a footnote's words
     "  rcps: Listed in annex II."),
    ("        - {organisation: International Organization for Migration, name: Ms. C. "
     "Placeholder, title: Director}\n",                           # a participant added
     "        - {organisation: International Organization for Migration, name: Ms. C. "
     "Placeholder, title: Director}\n"
     "        - {organisation: United Nations, name: Mr. D. Sample, title: Observer}\n"),
    ("  date: 2025-06-30 ", "  date: 2025-07-02 "),              # the date changed
]

# ... and a draft where the last paragraph of the chair's summary went first
THANKS = "      - Participants thanked the Government of Examplia for hosting the meeting.\n"
MOVE = [(THANKS, ""), ("    paragraphs:\n", "    paragraphs:\n" + THANKS)]


def _resolves_to(changes: bytes, new, old) -> None:
    """Accepting every change of ``changes`` gives the text of ``new``'s own DOCX,
    paragraph by paragraph and note by note; rejecting every change ``old``'s."""
    assert revisionxml.texts(changes, accept=True) == \
        revisionxml.texts(build(new, ("docx",)).files["docx"])
    assert revisionxml.texts(changes, accept=False) == \
        revisionxml.texts(build(old, ("docx",)).files["docx"])


def _starter_and(tmp_path, edits) -> tuple:
    """Write the starter as old.yaml and a second draft of it, ``edits`` made, as new.yaml."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(STARTER.read_text(encoding="utf-8"), encoding="utf-8")
    new.write_text(_draft(old.read_text(encoding="utf-8"), edits), encoding="utf-8")
    return old, new


def _draft(text: str, edits) -> str:
    for before, after in edits:
        assert before in text, before
        text = text.replace(before, after)
    return text


@pytest.fixture
def drafts(tmp_path):
    old = tmp_path / "old.yaml"
    new = tmp_path / "meeting.yaml"
    old.write_text(STARTER.read_text(encoding="utf-8"), encoding="utf-8")
    new.write_text(_draft(old.read_text(encoding="utf-8"), EDITS), encoding="utf-8")
    return old, new


def test_accepting_every_change_gives_the_new_draft_and_rejecting_the_old(drafts):
    old, new = drafts
    changes = compare(old, new, ("docx",)).files["docx"]
    _resolves_to(changes, new, old)


def test_each_edit_is_one_revision_in_its_place(drafts):
    old, new = drafts
    result = compare(old, new, ("docx",))
    assert result.comparison.summary() == [
        ("masthead", {"deletion": 1, "insertion": 1}),               # the date
        # "senior"; the paragraph taken out and the one put in; the note's words
        ("annex 1, Chair’s summary", {"insertion": 3, "deletion": 2}),
        ("annex 2, List of participants", {"insertion": 1}),        # the row
    ]
    counts = revisionxml.revisions(result.files["docx"])
    # In the file: the date (out, in), "senior", the paragraphs' words (out, in), the
    # new row's four cells, the note's words (out, in); the marks of the two
    # paragraphs and of the row.
    assert counts == {"ins": 1 + 1 + 1 + 4 + 1, "del": 1 + 1 + 1, "mark": 3}


def test_numbers_the_engine_counts_are_no_change(tmp_path):
    """A participant put first renumbers every row after: one insertion, no more."""
    old, new = _starter_and(tmp_path, [(
        "      people:\n        - {organisation: Example Process",
        "      people:\n        - {organisation: First Process, name: Ms. F. First, "
        "title: Chair}\n        - {organisation: Example Process")])
    result = compare(old, new, ("docx",))
    assert result.comparison.summary() == [("annex 2, List of participants",
                                            {"insertion": 1})]
    _resolves_to(result.files["docx"], new, old)          # the old numbers are kept


def test_a_chapter_put_in_is_one_change_and_rejecting_it_restores_every_number(tmp_path):
    """A chapter inserted renumbers the later chapters, in the text and in the
    contents, and moves their pages: none of it is reported, all of it is recorded."""
    report = ROOT / "examples" / "ga-report-sg-2008.yaml"
    chapter = ("  - title: Le Dialogue de haut niveau sur les migrations internationales et le "
               "développement\n")
    new = tmp_path / "report.yaml"
    new.write_text(_draft(report.read_text(encoding="utf-8"), [(chapter, (
        "  - title: Un chapitre nouveau\n    paragraphs:\n      - Ce chapitre est ajouté "
        "dans le second projet, avant les autres.\n" + chapter))]), encoding="utf-8")
    result = compare(report, new, ("docx",))
    assert result.comparison.summary() == [("II. Un chapitre nouveau", {"insertion": 2})]
    docx = result.files["docx"]
    _resolves_to(docx, new, report)


def test_a_draft_compared_with_itself_has_no_revision():
    result = compare(LETTER, LETTER, ("docx", "pdf"))
    assert result.comparison.summary() == []
    assert revisionxml.revisions(result.files["docx"]) == {}
    assert revisionxml.texts(result.files["docx"]) == \
        revisionxml.texts(build(LETTER, ("docx",)).files["docx"])


def test_a_paragraph_moved_whole_is_a_move(tmp_path):
    old, new = _starter_and(tmp_path, MOVE)
    result = compare(old, new, ("docx",))
    assert result.comparison.summary() == [("annex 1, Chair’s summary", {"move": 1})]
    docx = result.files["docx"]
    counts = revisionxml.revisions(docx)
    assert counts["moveFrom"] == 1 and counts["moveTo"] == 1
    _resolves_to(docx, new, old)
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        body = archive.read("word/document.xml").decode()
    names = re.findall(r'<w:move(?:From|To)RangeStart [^>]*w:name="([^"]+)"', body)
    assert len(names) == 2 and names[0] == names[1]          # one move, both ends


def test_formatting_changed_alone_is_a_formatting_revision(tmp_path):
    old = tmp_path / "old.yaml"
    old.write_text(STARTER.read_text(encoding="utf-8"), encoding="utf-8")
    new = tmp_path / "new.yaml"
    new.write_text(_draft(old.read_text(encoding="utf-8"),
                          [("the first point;", "the **first** point;")]), encoding="utf-8")
    result = compare(old, new, ("docx",))
    assert result.comparison.summary() == [("annex 1, Chair’s summary", {"formatting": 1})]
    with zipfile.ZipFile(io.BytesIO(result.files["docx"])) as archive:
        body = archive.read("word/document.xml").decode()
    run = re.search(r"<w:r><w:rPr><w:b/><w:bCs/><w:rPrChange [^>]*><w:rPr/></w:rPrChange></w:rPr>"
                    r"<w:t>first</w:t></w:r>", body)
    assert run, "the bold word records that it was not bold"


def test_signatures_list_items_and_the_annex_title_are_compared_word_by_word(tmp_path):
    old, new = _starter_and(tmp_path, [
        ("      surname: Example", "      surname: Exemplar"),
        ("          - the second point.", "          - the second and last point."),
        ("    subtitle: Chair's summary", "    subtitle: Chair's revised summary")])
    result = compare(old, new, ("docx",))
    assert result.comparison.summary() == [
        # the surname, under the letter's title
        ("Letter dated 25 June 2025 from the Permanent…", {"deletion": 1, "insertion": 1}),
        ("annex 1, Chair’s revised summary", {"insertion": 2})]
    docx = result.files["docx"]
    _resolves_to(docx, new, old)


def test_a_note_taken_out_goes_with_its_call(tmp_path):
    old, new = _starter_and(tmp_path, [
        ("processes[^rcps] and", "processes and"),
        ("notes:\n  rcps: Listed in the list of participants.\n", "")])
    _resolves_to(compare(old, new, ("docx",)).files["docx"], new, old)


def test_revisions_have_one_author_and_the_new_drafts_date(drafts):
    old, new = drafts
    docx = compare(old, new, ("docx",), author="Secretariat").files["docx"]
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        xml = "".join(archive.read(n).decode() for n in archive.namelist()
                      if n.startswith("word/") and n.endswith(".xml"))
    authors = set(re.findall(r'w:author="([^"]*)"', xml))
    dates = set(re.findall(r'w:date="([^"]*)"', xml))
    ids = re.findall(r'<w:(?:ins|del|rPrChange|moveFrom|moveTo) w:id="(\d+)"', xml)
    assert authors == {"Secretariat"} and dates == {"2025-07-02T00:00:00Z"}
    assert len(ids) == len(set(ids))


def test_the_same_drafts_give_the_same_bytes(drafts):
    old, new = drafts
    first = compare(old, new, ("docx", "pdf")).files
    assert compare(old, new, ("docx", "pdf")).files == first


def test_the_file_keeps_the_schema_order(drafts, tmp_path):
    import ooxmlorder

    old, new = drafts
    path = tmp_path / "changes.docx"
    path.write_bytes(compare(old, new, ("docx",)).files["docx"])
    assert ooxmlorder.problems(path) == []


def test_libreoffice_records_each_revision(drafts, tmp_path):
    soffice = client("soffice")
    old, new = drafts
    docx = compare(old, new, ("docx",)).files["docx"]
    path = tmp_path / "changes.docx"
    path.write_bytes(docx)
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "odt", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180, env=packaged_fonts(tmp_path))
    with zipfile.ZipFile(tmp_path / "changes.odt") as archive:
        regions = sum(archive.read(name).decode().count("<text:changed-region")
                      for name in ("content.xml", "styles.xml"))
    counts = revisionxml.revisions(docx)
    # LibreOffice joins a paragraph's mark to the words beside it, and a row to its
    # cells: one tracked change for each revision of words
    assert regions == counts["ins"] + counts["del"]


@pytest.mark.parametrize("accept", [True, False], ids=["accept", "reject"])
@pytest.mark.parametrize("edits", ["edits", "move"])
def test_libreoffice_accepting_or_rejecting_all_gives_each_draft(drafts, tmp_path, accept,
                                                                  edits):
    """LibreOffice's own "accept all" gives the new draft's file, paragraph by paragraph
    and note by note; its "reject all" the old one's."""
    client("soffice")
    python = uno_python()
    old, new = drafts
    if edits == "move":
        new.write_text(_draft(old.read_text(encoding="utf-8"), MOVE), encoding="utf-8")
    path = tmp_path / "changes.docx"
    path.write_bytes(compare(old, new, ("docx",)).files["docx"])
    resolved = tmp_path / "resolved.docx"
    subprocess.run([python, str(Path(__file__).parent / "lo_resolve.py"), str(path),
                    str(resolved), "accept" if accept else "reject", str(tmp_path / "profile")],
                   check=True, capture_output=True, timeout=300, env=packaged_fonts(tmp_path))
    got = revisionxml.texts(resolved.read_bytes())
    want = revisionxml.texts(build(new if accept else old, ("docx",)).files["docx"])
    assert got["body"] == want["body"] and got["notes"] == want["notes"]
    if edits == "move":
        return
    # the masthead, in the first page's header, has the draft's date
    date, other = ("2 July 2025", "30 June 2025") if accept else ("30 June 2025", "2 July 2025")
    assert date in got["headers"] and other not in got["headers"]


def test_the_redline_pdf_shows_both_drafts_words(drafts):
    old, new = drafts
    pdf = compare(old, new, ("pdf",)).files["pdf"]
    text = _pdf_text(pdf)
    for words in ("Participants thanked the Government", "Participants called for a tenth",
                  "senior representatives", "Mr. D. Sample", "the list of participants",
                  "annex II"):
        assert words in text
    # the change bars and underlines are drawn in the insertions' colour
    assert b".101961 .372549 .705882 RG" in _contents(pdf)


def test_the_html_marks_insertions_and_deletions(drafts):
    old, new = drafts
    page = compare(old, new, ("html",)).files["html"].decode()
    assert "<ins> senior</ins>" in page
    assert "<del>Participants thanked the Government of Examplia for hosting the " \
           "meeting.</del>" in page


def test_an_underline_runs_under_its_words_on_every_line(drafts, tmp_path):
    """A paragraph put in whole, of several lines at an indent: each line's underline
    starts where its words start, not at the frame's edge."""
    pdftotext = client("pdftotext")
    old, _ = drafts
    new = tmp_path / "long.yaml"
    long = ("A new paragraph put in early, which pushes the later ones along and changes no "
            "number by itself in the comparison of the two drafts at all.")
    new.write_text(_draft(old.read_text(encoding="utf-8"), [(
        "      - Participants thanked the Government of Examplia for hosting the meeting.\n",
        "      - Participants thanked the Government of Examplia for hosting the meeting.\n"
        f"      - {long}\n")]), encoding="utf-8")
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(compare(old, new, ("pdf",)).files["pdf"])
    page = 2
    boxes = subprocess.run([pdftotext, "-f", str(page), "-l", str(page), "-bbox", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" '
                       r'yMax="([\d.]+)">([^<]*)</word>', boxes)
    starts = {word: float(x) for x, _, _, word in words}
    from pypdf import PdfReader
    height = float(PdfReader(pdf).pages[page - 1].mediabox.height)
    lines = _stroked_segments(PdfReader(pdf).pages[page - 1], (0.101961, 0.372549, 0.705882))
    underlines = [(min(x1, x2), height - y1) for x1, y1, x2, y2 in lines
                  if abs(y1 - y2) < 0.01 and abs(x1 - x2) > 20]
    assert len(underlines) == 2
    (first, _), (second, _) = sorted(underlines, key=lambda u: u[1])
    assert abs(first - starts["A"]) < 4 and abs(second - starts["number"]) < 1


def _stroked_segments(page, colour) -> list:
    """Return the (x1, y1, x2, y2) of each straight line ``page`` strokes in ``colour``
    (RGB), on the page: its content read with q/Q/cm kept track of."""
    def times(m, n):
        a, b, c, d, e, f = m
        a2, b2, c2, d2, e2, f2 = n
        return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
                e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)

    def apply(m, x, y):
        return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]

    from pypdf.generic import ContentStream
    matrix, stack, stroke, start, found = (1, 0, 0, 1, 0, 0), [], None, None, []
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"q":
            stack.append((matrix, stroke))
        elif operator == b"Q":
            matrix, stroke = stack.pop()
        elif operator == b"cm":
            matrix = times(tuple(float(v) for v in operands), matrix)
        elif operator == b"RG":
            stroke = tuple(round(float(v), 6) for v in operands)
        elif operator == b"m":
            start = apply(matrix, float(operands[0]), float(operands[1]))
        elif operator == b"l" and start is not None:
            end = apply(matrix, float(operands[0]), float(operands[1]))
            if stroke == colour:
                found.append(start + end)
            start = end
    return found


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader
    return " ".join(" ".join(page.extract_text().split())
                    for page in PdfReader(io.BytesIO(pdf)).pages)


def _contents(pdf: bytes) -> bytes:
    from pypdf import PdfReader
    return b"".join(page.get_contents().get_data() for page in PdfReader(io.BytesIO(pdf)).pages)


# -- the command ------------------------------------------------------------------

def test_the_command_prints_what_changed_and_writes_both_files(drafts, tmp_path, capsys):
    old, new = drafts
    out = tmp_path / "out"
    assert main(["compare", str(old), str(new), "--out", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[:4] == ["5 insertions, 3 deletions", "  masthead: 1 insertion, 1 deletion",
                           "  annex 1, Chair’s summary: 3 insertions, 2 deletions",
                           "  annex 2, List of participants: 1 insertion"]
    assert sorted(p.name for p in out.iterdir()) == ["meeting-changes.docx",
                                                     "meeting-changes.pdf"]


def test_check_writes_nothing_and_says_whether_the_drafts_differ(drafts, tmp_path, capsys):
    old, new = drafts
    out = tmp_path / "out"
    assert main(["compare", str(old), str(new), "--check", "--out", str(out)]) == 1
    assert main(["compare", str(new), str(new), "--check", "--out", str(out)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "no change"
    assert not out.exists()


def test_drafts_of_two_kinds_are_refused_at_their_report_lines(tmp_path, capsys):
    note = ROOT / "examples" / "ga-note-hearings-2006.yaml"
    assert main(["compare", str(STARTER), str(note), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert f"{STARTER}:7:9: report: ga-letter, but {note}:" in err
    assert "compare two drafts of one document kind" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_an_invalid_draft_is_located_and_the_last_comparison_kept(drafts, tmp_path, capsys):
    old, new = drafts
    out = tmp_path / "out"
    assert main(["compare", str(old), str(new), "--out", str(out)]) == 0
    kept = (out / "meeting-changes.docx").read_bytes()
    new.write_text(new.read_text(encoding="utf-8").replace("  session: 80", "  sesion: 80"),
                   encoding="utf-8")
    assert main(["compare", str(old), str(new), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert re.search(rf"{re.escape(str(new))}:\d+:\d+: document\.sesion", err)
    assert (out / "meeting-changes.docx").read_bytes() == kept


def test_the_old_draft_may_come_from_git(drafts, tmp_path, capsys, monkeypatch):
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed: apt-get install git")
    old, new = drafts
    repo = tmp_path / "repo"
    repo.mkdir()
    meeting = repo / "meeting.yaml"
    meeting.write_text(old.read_text(encoding="utf-8"), encoding="utf-8")
    env = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1"}
    for command in (["init", "-q"], ["add", "meeting.yaml"], ["commit", "-q", "-m", "first"]):
        subprocess.run([git, *command], cwd=repo, check=True, env=env)
    meeting.write_text(new.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(repo)
    assert main(["compare", "HEAD:meeting.yaml", "meeting.yaml", "--check"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == "5 insertions, 3 deletions"
    assert main(["compare", "HEAD:nothing.yaml", "meeting.yaml", "--check"]) == 2
    err = capsys.readouterr().err
    assert "HEAD:nothing.yaml: no such file, and git cannot give it" in err


# -- any two drafts ------------------------------------------------------------------

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

WORDS = ["the", "meeting", "agreed", "regional", "processes", "on", "migration", "and",
         "States", "*data*", "**firm**", "of", "2025", "partners", "called", "for", "A&B",
         "<Co>", "{{ x }}", "snake_case"]
SENTENCES = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(
    lambda words: "Participants " + " ".join(words) + ".")
# a paragraph: its words, the words of the note it calls (or None), its items
PARAGRAPHS = st.tuples(SENTENCES, st.none() | SENTENCES,
                       st.none() | st.lists(SENTENCES, min_size=1, max_size=3).map(tuple))
NAMES = ["Ms. A. Example", "Mr. B. Sample", "Ms. E. Other", "Mr. G. Further"]


@st.composite
def _two_drafts(draw):
    pool = draw(st.lists(PARAGRAPHS, min_size=2, max_size=5, unique=True))
    drafts = []
    for _ in range(2):
        paragraphs = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=6))
        people = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True))
        drafts.append((paragraphs, people))
    return drafts


def _meeting(paragraphs, people) -> str:
    import json
    text = STARTER.read_text(encoding="utf-8")
    start = text.index("    paragraphs:\n") + len("    paragraphs:\n")
    end = text.index("    closing:\n")
    body, notes = "", ""
    for index, (words, note, items) in enumerate(paragraphs):
        if note is not None:
            words = words[:-1] + f"[^n{index}]."
            notes += f"  n{index}: {json.dumps(note)}\n"
        if items is None:
            body += f"      - {json.dumps(words)}\n"
        else:
            body += f"      - text: {json.dumps(words)}\n        items:\n"
            body += "".join(f"          - {json.dumps(item)}\n" for item in items)
    text = text[:start] + body + text[end:]
    start = text.index("participants:\n")
    rows = "".join(f"        - {{organisation: Org {i}, name: {name}, title: Chair}}\n"
                   for i, name in enumerate(people))
    return (text[:start] + "participants:\n  groups:\n    - title: Delegations\n      people:\n"
            + rows + "\n" + ("notes:\n" + notes if notes else ""))


@settings(max_examples=int(os.environ.get("PALAIS_PROPERTY_EXAMPLES", "12")), deadline=None, derandomize=True, database=None,
          phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(drafts=_two_drafts())
def test_any_two_drafts_accept_to_the_new_and_reject_to_the_old(drafts, tmp_path_factory):
    folder = tmp_path_factory.mktemp("drafts")
    old, new = folder / "old.yaml", folder / "new.yaml"
    old.write_text(_meeting(*drafts[0]), encoding="utf-8")
    new.write_text(_meeting(*drafts[1]), encoding="utf-8")
    result = compare(old, new, ("docx",))
    _resolves_to(result.files["docx"], new, old)
    assert result.comparison.differs == (drafts[0] != drafts[1])
