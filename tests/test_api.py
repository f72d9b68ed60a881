"""The Python API: what a secretariat's own system calls; values back, errors raised,
nothing printed."""
import importlib.resources
from pathlib import Path

import pytest

import palais
from palais.errors import EngineError, ValidationError

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "examples" / "starter-chair-summary.yaml"


def test_every_name_the_api_lists_is_there():
    for name in palais.__all__:
        assert hasattr(palais, name), name


def test_validate_returns_the_warnings_and_prints_nothing(capsys):
    assert palais.validate(STARTER) == []
    assert capsys.readouterr() == ("", "")


def test_a_mistake_is_raised_with_every_problem_at_its_place(tmp_path, capsys):
    bad = tmp_path / "meeting.yaml"
    bad.write_text(STARTER.read_text(encoding="utf-8").replace("  session: 80", "  sesion: 80")
                   .replace("language: en", "language: xx"), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        palais.validate(bad)
    problems = caught.value.problems
    assert len(problems) >= 2 and isinstance(caught.value, EngineError)
    assert any(p.startswith(f"{bad}:") and "language" in p for p in problems)
    assert any("document.sesion" in p for p in problems)
    assert caught.value.exit_code == 2
    assert capsys.readouterr() == ("", "")


def test_compose_gives_the_model(capsys):
    composition = palais.compose(STARTER)
    assert composition.report.name == "ga-letter"
    document = composition.document
    assert document.meta.symbol == "A/80/000" and document.meta.language == "en"
    assert [s.number for s in document.sections if s.role == "annex"] == ["1", "2"]
    assert capsys.readouterr() == ("", "")


def test_build_gives_bytes_and_render_writes_them(tmp_path, capsys):
    built = palais.build(STARTER, ("pdf",))
    assert built.files["pdf"].startswith(b"%PDF-") and built.outputs == []
    result = palais.render(STARTER, ("docx", "pdf"), out_dir=tmp_path)
    assert sorted(p.name for p in result.outputs) == ["starter-chair-summary.docx",
                                                      "starter-chair-summary.pdf"]
    assert (tmp_path / "starter-chair-summary.pdf").read_bytes() == built.files["pdf"]
    assert capsys.readouterr() == ("", "")


def test_check_and_compare_return_values(tmp_path, capsys):
    preflight = palais.check(STARTER)
    assert preflight.words > 100 and preflight.limit == 10700 and preflight.findings == []
    new = tmp_path / "new.yaml"
    new.write_text(STARTER.read_text(encoding="utf-8").replace(
        "brought together representatives", "brought together senior representatives"),
        encoding="utf-8")
    compared = palais.compare(STARTER, new, ("docx",))
    assert compared.comparison.summary() == [("annex 1, Chair’s summary", {"insertion": 1})]
    assert compared.files["docx"][:2] == b"PK"
    assert capsys.readouterr() == ("", "")


def test_the_package_says_it_is_typed():
    assert importlib.resources.files("palais").joinpath("py.typed").is_file()
