"""The meeting page kind, the HTML it is written as, and meeting files that include others."""
import shutil
import warnings
from io import StringIO
from pathlib import Path

import pytest
from lxml import html

from palais.cli import main
from palais.errors import InputError
from palais.filters import quantity
from palais.loading import load_meeting

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
PAGE = EXAMPLES / "meeting-page-geneva-2017.yaml"
REPORT = EXAMPLES / "iom-report-geneva-2017.yaml"
SEED = REPO.parent / "shared" / "seeds" / "003_d29ed7b595661a90.txt"


@pytest.fixture(scope="module")
def page_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("page")
    err = StringIO()
    # one run writes the page and the report it links to
    assert main(["render", str(PAGE), str(REPORT), "--out", str(out)], StringIO(), err) == 0, \
        err.getvalue()
    return out


def _paragraphs(path):
    root = html.parse(str(path)).getroot()
    return [" ".join(p.text_content().split()) for p in root.iter("p")], root


def test_the_page_is_written_from_the_report_s_facts(page_out):
    paragraphs, root = _paragraphs(page_out / "meeting-page-geneva-2017.html")
    assert root.get("lang") == "fr"
    assert paragraphs[0].startswith(
        "La septième Réunion mondiale des présidents et secrétariats des processus consultatifs "
        "régionaux, interrégionaux et mondiaux sur la migration, organisée les 10-11 octobre "
        "2017 par l’Organisation internationale pour les migrations (OIM) à Genève (Suisse), "
        "avait pour thème « Mécanismes consultatifs")
    # counted from the list of participants, each body once, five spelled out
    assert ("La réunion a rassemblé 92 délégués représentant 22 MCIM, cinq commissions "
            "régionales des Nations Unies et cinq organisations économiques régionales.") \
        in paragraphs
    agenda = next(p for p in paragraphs if p.startswith("L’ordre du jour"))
    assert " i) Contributions des processus mondiaux" in agenda
    assert " ; ii) Pacte mondial" in agenda and " ; iii) Discussion sur" in agenda
    # none of those facts is typed in the page's own file (its comments aside)
    typed = "\n".join(line for line in PAGE.read_text(encoding="utf-8").splitlines()
                      if not line.lstrip().startswith("#"))
    for fact in ("92", "22", "Genève", "10-11", "octobre", "Contributions des processus"):
        assert fact not in typed


def test_the_documents_link_the_files_the_same_run_writes(page_out):
    _, root = _paragraphs(page_out / "meeting-page-geneva-2017.html")
    heading = next(h for h in root.iter("h2") if h.text_content() == "Documents essentiels")
    links = [a.get("href") for a in heading.getnext().iter("a")]
    assert links == ["iom-report-geneva-2017.pdf", "iom-report-geneva-2017.docx"]
    for link in links:
        assert (page_out / link).is_file()             # relative: they work in the folder
    assert any(h.text_content() == "Présentations" for h in root.iter("h2"))


def test_the_page_covers_the_seed(page_out):
    if not SEED.is_file():
        pytest.skip(f"the seed is not at {SEED}")
    import importlib.util
    spec = importlib.util.spec_from_file_location("fidelity", SEED.parent.parent / "tools"
                                                  / "fidelity.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        words = tool.normalise(tool.html_text(str(page_out / "meeting-page-geneva-2017.html")))
    found = set(tool.shingles(words))
    for n in range(1, tool.K):
        found.update(" ".join(words[i:i + n]) for i in range(len(words) - n + 1))
    seed = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        w = tool.normalise(line)
        if w:
            seed.extend(tool.shingles(w) if len(w) >= tool.K else [" ".join(w)])
    assert sum(s in found for s in seed) / len(seed) >= 0.99


@pytest.mark.parametrize("language, number, forms, expected", [
    ("fr", 5, {"one": "commission", "other": "commissions"}, "cinq commissions"),
    ("fr", 1, {"one": "commission", "other": "commissions"}, "un commission"),
    ("fr", 22, {"one": "MCIM", "other": "MCIM"}, "22 MCIM"),
    ("ru", 22, {"one": "делегат", "few": "делегата", "many": "делегатов"}, "22 делегата"),
    ("ru", 5, {"one": "делегат", "few": "делегата", "many": "делегатов"}, "пять делегатов"),
    ("zh", 92, {"other": "名代表"}, "92名代表"),
])
def test_a_quantity_is_worded_by_the_language_s_plural(language, number, forms, expected):
    assert quantity({"language": language}, number, forms) == expected


# -- include ----------------------------------------------------------------------

def _pair(tmp_path, page_text, report_text=None):
    folder = tmp_path / "m"
    folder.mkdir(exist_ok=True)
    (folder / "report.yaml").write_text(report_text or REPORT.read_text(encoding="utf-8"),
                                        encoding="utf-8")
    page = folder / "page.yaml"
    page.write_text(page_text, encoding="utf-8")
    return page


def test_an_included_value_is_placed_in_its_own_file(tmp_path):
    text = PAGE.read_text(encoding="utf-8").replace("iom-report-geneva-2017.yaml", "report.yaml")
    broken = REPORT.read_text(encoding="utf-8").replace("  country: Suisse", "  country: 42", 1)
    page = _pair(tmp_path, text, broken)
    err = StringIO()
    assert main(["validate", str(page)], StringIO(), err) == 2
    line = next(n for n, l in enumerate(broken.splitlines(), 1) if l == "  country: 42")
    assert f"{page.parent / 'report.yaml'}:{line}:12: meeting.country: expected text" \
        in err.getvalue()


def test_only_the_keys_taken_are_included(tmp_path):
    page = _pair(tmp_path, "report: meeting-page\nlanguage: fr\n"
                           "include: {file: report.yaml, take: [meeting]}\n")
    source = load_meeting(page)
    assert set(source.data) == {"report", "language", "meeting"}
    assert source.data["report"] == "meeting-page"            # the including file's own
    assert source.includes == [str(page.parent / "report.yaml")]


@pytest.mark.parametrize("include, message", [
    ("../elsewhere.yaml", "is outside the folder of page.yaml"),
    ("page.yaml", "includes this file again"),
    ("{file: report.yaml, take: [meetin]}", "report.yaml has no key 'meetin'"),
    ("{file: report.yaml, keys: [meeting]}", "expected a file name, or {file: name, take: [keys]}"),
    ("nowhere.yaml", "nowhere.yaml: no such file"),
])
def test_a_bad_include_is_a_located_mistake(tmp_path, include, message):
    (tmp_path / "elsewhere.yaml").write_text("meeting: {}\n", encoding="utf-8")
    page = _pair(tmp_path, f"report: meeting-page\nlanguage: fr\ninclude: {include}\n")
    with pytest.raises(InputError, match=message.replace("{", r"\{").replace("[", r"\[")):
        load_meeting(page)


def test_a_document_linked_must_be_a_meeting_file_beside_the_page(tmp_path):
    text = PAGE.read_text(encoding="utf-8").replace("iom-report-geneva-2017.yaml", "report.yaml")
    page = _pair(tmp_path, text.replace("file: report.yaml}", "file: missing.yaml}"))
    err = StringIO()
    assert main(["validate", str(page)], StringIO(), err) == 2
    assert "page.documents[0].file: missing.yaml: no such meeting file" in err.getvalue()


def test_the_example_folder_renders_the_page_from_an_installed_copy(tmp_path):
    # the page and its report copied elsewhere still find each other
    for path in (PAGE, REPORT):
        shutil.copy(path, tmp_path / path.name)
    for image in EXAMPLES.glob("*.png"):
        shutil.copy(image, tmp_path / image.name)
    err = StringIO()
    assert main(["render", str(tmp_path / PAGE.name), "--out", str(tmp_path / "out")],
                StringIO(), err) == 0, err.getvalue()
    assert (tmp_path / "out" / "meeting-page-geneva-2017.html").is_file()
