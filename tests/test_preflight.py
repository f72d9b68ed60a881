"""palais check: the editorial preflight, finding by finding, at file:line:col."""
import json
import re
from pathlib import Path

import pytest

from palais.cli import main
from palais.preflight import check, guess_language

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "examples" / "starter-chair-summary.yaml"
EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*.yaml") if "templates" not in p.parts)
PLACEHOLDER = re.compile(r"^[A-Z]/\d+/XXX|^S/2025/XXX|^A/80/XXX")


def _draft(tmp_path, edits, name="draft.yaml"):
    text = STARTER.read_text(encoding="utf-8")
    for before, after in edits:
        assert before in text, before
        text = text.replace(before, after, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _line_col(path, needle, nth=0):
    """Return (line, col) of the ``nth`` occurrence of ``needle`` in the file."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        at = line.find(needle)
        while at != -1:
            found.append((number, at + 1))
            at = line.find(needle, at + 1)
    return found[nth]


def _findings(result):
    return [(f.code, f.where) for f in result.findings]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: str(p.relative_to(ROOT / "examples")))
def test_every_example_has_its_word_count_and_no_false_finding(path, capsys):
    extra = ["--template-dir", str(path.parent / "templates")] \
        if "custom-kind" in path.parts else []
    assert main(["check", str(path), *extra]) == 0
    out = capsys.readouterr().out.splitlines()
    assert re.fullmatch(rf"{re.escape(str(path))}: [\d,]+ words, notes included "
                        r"\((limit [\d,]+|no limit for its kind)\); \d+ findings?", out[-1])
    # What is found is true of the example: its symbol is a placeholder (the seeds'
    # symbols were lost), and the 2008 report is longer than reports may be now.
    for line in out[:-1]:
        code = re.search(r"warning \[([a-z-]+)\]", line).group(1)
        if code == "symbol":
            assert "XXX is not a document number" in line
        else:
            assert (path.name, code) == ("ga-report-sg-2008.yaml", "word-limit"), line


def test_a_long_report_an_annex_without_its_original_and_an_unknown_item(tmp_path):
    """The three findings the issue names, each at its place."""
    limits = tmp_path / "mine" / "reports"
    limits.mkdir(parents=True)
    (limits / "ga-letter.yaml").write_text('extends: "!ga-letter"\nword-limit: 200\n',
                                           encoding="utf-8")
    path = _draft(tmp_path, [
        ("      20 and 21 May 2025.\n", "      20 and 21 May 2025, under item 99 of the agenda.\n"),
        ("    participants: true\n", "    participants: true\n"
         "  - title: Déclaration de la présidence\n    paragraphs:\n      - >-\n"
         "        La présidence a remercié les participants pour leur engagement et a\n"
         "        souligné que les processus consultatifs régionaux sur la migration restent\n"
         "        des espaces de dialogue et de coopération entre les États de la région.\n")])
    result = check(path, template_dirs=[str(tmp_path / "mine")])
    line, col = _line_col(path, "item 99")
    annex = _line_col(path, "  - title: Déclaration")
    assert _findings(result) == [
        ("word-limit", f"{path}:{_line_col(path, 'report: ga-letter')[0]}:9"),
        ("agenda-item", f"{path}:{line}:{col}"),
        ("annex-original", f"{path}:{annex[0]}:5"),
    ]
    assert result.words > 200 and result.limit == 200
    assert "give it original: fr" in result.findings[2].message


def test_an_annex_that_says_its_original_is_no_finding(tmp_path):
    path = _draft(tmp_path, [("    participants: true\n", "    participants: true\n"
                              "  - title: Déclaration\n    original: fr\n    paragraphs:\n"
                              "      - La présidence a remercié les participants pour leur "
                              "engagement et a souligné que les processus consultatifs "
                              "régionaux sur la migration restent des espaces de dialogue "
                              "et de coopération entre les États de la région.\n")])
    assert _findings(check(path)) == []


def test_the_documents_own_item_and_items_of_other_texts_are_no_finding(tmp_path):
    path = _draft(tmp_path, [("      20 and 21 May 2025.\n",
                              "      20 and 21 May 2025, as item 21 (e) says, and item 4 of "
                              "their agenda, and item 7 of document A/80/1.\n")])
    assert _findings(check(path)) == []


def test_an_annex_named_that_the_document_has_not(tmp_path):
    path = _draft(tmp_path, [("    participants: true\n", "    participants: true\n"
                              "    paragraphs:\n      - See annex III and annex I to "
                              "resolution 65/170.\n")])
    line, col = _line_col(path, "annex III")
    assert _findings(check(path)) == [("annex-reference", f"{path}:{line}:{col}")]


def test_signature_words_typed_by_hand(tmp_path):
    path = _draft(tmp_path, [("      given-name: Alex", "      given-name: (Signed) Alex")])
    line, col = _line_col(path, "(Signed)")
    result = check(path)
    assert _findings(result) == [("signature-form", f"{path}:{line}:{col}")]
    assert "prints (Signed) itself" in result.findings[0].message


def test_dates_out_of_order(tmp_path):
    path = _draft(tmp_path, [("  date: 2025-06-25", "  date: 2025-07-25")])
    line, _ = _line_col(path, "  date: 2025-06-30")
    result = check(path)
    assert _findings(result) == [("date-order", f"{path}:{line}:9")]
    assert "document.date 2025-06-30 comes before letter.date 2025-07-25" in \
        result.findings[0].message


@pytest.mark.parametrize("symbol, says", [
    ("A/80/123/Rev", "Rev is not a suffix"),
    ("A/79/123", "the session in the symbol is 79, document.session is 80"),
    ("A/80/123/Corrigendum", "Corrigendum is not a suffix"),
    ("A/80/123/Corr.1", None),
    ("A/80/L.5", None),
])
def test_symbols_well_formed(tmp_path, symbol, says):
    path = _draft(tmp_path, [("  symbol: A/80/000 ", f"  symbol: {symbol} ")])
    result = check(path)
    if says is None:
        assert _findings(result) == []
    else:
        assert [f.code for f in result.findings] == ["symbol"]
        assert says in result.findings[0].message
        line, col = _line_col(path, symbol)
        assert result.findings[0].where == f"{path}:{line}:{col}"


def test_per_cent_and_note_calls_in_english_running_text(tmp_path):
    path = _draft(tmp_path, [
        ("Participants thanked the Government of Examplia for hosting the meeting.",
         "Participants thanked the Government of Examplia, which 77% attended[^x]."),
        ("notes:\n", "notes:\n  x: Figures of the secretariat.\n")])
    result = check(path)
    assert _findings(result) == [("per-cent", "{}:{}:{}".format(path, *_line_col(path, "77%"))),
                                 ("note-call", "{}:{}:{}".format(path, *_line_col(path, "[^x].")))]


def test_french_calls_go_before_the_punctuation(tmp_path):
    text = (ROOT / "examples" / "languages" / "starter-fr.yaml").read_text(encoding="utf-8")
    assert "[^rcps] et" in text
    path = tmp_path / "fr.yaml"
    path.write_text(text.replace("[^rcps] et", ",[^rcps] et", 1), encoding="utf-8")
    line, col = _line_col(path, ",[^rcps]")
    found = [f for f in _findings(check(path)) if f[0] != "symbol"]     # A/80/XXX
    assert found == [("note-call", f"{path}:{line}:{col}")]


def test_the_language_of_a_text_is_guessed_only_when_clear():
    assert guess_language("The meeting of the regional processes and the States agreed on "
                          "the points that were made in the debate on migration.") == "en"
    assert guess_language("La réunion des processus régionaux et des États a convenu des "
                          "points qui ont été soulevés dans le débat sur la migration.") == "fr"
    assert guess_language("Совещание региональных процессов согласовало основные пункты "
                          "обсуждения по вопросам миграции.") == "ru"
    assert guess_language("Geneva, 21 May 2025") is None


def test_json_for_scripts_and_strict_for_gates(tmp_path, capsys):
    path = _draft(tmp_path, [("  date: 2025-06-25", "  date: 2025-07-25")])
    assert main(["check", str(path), "--format", "json"]) == 0
    [report] = json.loads(capsys.readouterr().out)
    assert report["words"] > 0 and report["word_limit"] == 10700
    assert [(f["code"], f["line"], f["column"]) for f in report["findings"]] == \
        [("date-order", _line_col(path, "  date: 2025-06-30")[0], 9)]
    assert main(["check", str(path), "--strict"]) == 1
    assert main(["check", str(STARTER), "--strict"]) == 0


def test_an_invalid_file_is_refused_as_validate_refuses_it(tmp_path, capsys):
    path = _draft(tmp_path, [("  session: 80", "  sesion: 80")])
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert re.search(rf"{re.escape(str(path))}:\d+:\d+: document\.sesion", err)
    assert "Traceback" not in err
