"""A DOCX-only run reuses the page map an earlier layout of the same input kept."""
from pathlib import Path

from palais import render

REPORT = Path(__file__).resolve().parent.parent / "examples" / "ga-report-sg-2008.yaml"


def test_a_docx_run_reuses_the_kept_page_map_and_writes_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("PALAIS_CACHE_DIR", str(tmp_path / "cache"))
    first = render(REPORT, formats=("docx",), out_dir=tmp_path / "a")
    assert first.layouts == 1 and first.page_map == ""
    second = render(REPORT, formats=("docx",), out_dir=tmp_path / "b")
    assert second.layouts == 0 and second.page_map == "cached"
    both = render(REPORT, formats=("docx", "pdf"), out_dir=tmp_path / "c")
    docx = [(tmp_path / d / f"{REPORT.stem}.docx").read_bytes() for d in "abc"]
    assert docx[0] == docx[1] == docx[2]
    assert both.layouts == 1


def test_a_changed_input_lays_out_again(tmp_path, monkeypatch):
    monkeypatch.setenv("PALAIS_CACHE_DIR", str(tmp_path / "cache"))
    render(REPORT, formats=("docx",), out_dir=tmp_path / "a")
    changed = tmp_path / REPORT.name
    changed.write_text(REPORT.read_text(encoding="utf-8").replace(
        "Introduction", "Introduction et contexte", 1), encoding="utf-8")
    again = render(changed, formats=("docx",), out_dir=tmp_path / "b")
    assert again.layouts == 1 and again.page_map == ""


def test_an_empty_cache_setting_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("PALAIS_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    for out in "ab":
        assert render(REPORT, formats=("docx",), out_dir=tmp_path / out).layouts == 1
    assert not (tmp_path / "xdg").exists()


def test_a_broken_kept_map_is_passed_over(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("PALAIS_CACHE_DIR", str(cache))
    render(REPORT, formats=("docx",), out_dir=tmp_path / "a")
    for number, damage in enumerate(["{not json", "[1, 2]", '{"key": "x"}']):
        for kept in (cache / "pagemaps").glob("*.json"):
            kept.write_text(damage, encoding="utf-8")
        again = render(REPORT, formats=("docx",), out_dir=tmp_path / f"b{number}")
        assert again.layouts == 1, damage
        assert (tmp_path / "a" / f"{REPORT.stem}.docx").read_bytes() == \
            (tmp_path / f"b{number}" / f"{REPORT.stem}.docx").read_bytes()


def test_a_build_of_both_formats_keeps_its_map_for_a_docx_run(tmp_path, monkeypatch):
    # In two processes the map is keyed and kept while the helper finishes the DOCX;
    # in one, right after the layout: either way a DOCX-only run then finds it.
    monkeypatch.setenv("PALAIS_CACHE_DIR", str(tmp_path / "cache"))
    for concurrent in (True, False):
        for kept in (tmp_path / "cache" / "pagemaps").glob("*.json"):
            kept.unlink()
        out = tmp_path / f"both-{concurrent}"
        both = render(REPORT, formats=("docx", "pdf"), out_dir=out,
                      options={"concurrent": concurrent})
        assert both.layouts == 1 and both.page_map == ""
        assert len(list((tmp_path / "cache" / "pagemaps").glob("*.json"))) == 1
        alone = render(REPORT, formats=("docx",), out_dir=out / "alone",
                       options={"concurrent": concurrent})
        assert alone.layouts == 0 and alone.page_map == "cached"
        assert (out / "alone" / f"{REPORT.stem}.docx").read_bytes() == \
            (out / f"{REPORT.stem}.docx").read_bytes()
