"""Tests for engine/manifests.py: report kinds, their `extends`, and their mistakes."""
import pytest

from palais.errors import StyleError
from palais.manifests import known_reports, load_report


def write(folder, name, text):
    (folder / "reports").mkdir(parents=True, exist_ok=True)
    (folder / "reports" / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_built_in_kinds():
    assert {"ga-letter", "ga-note", "ga-report", "iom-summary-report"} <= set(known_reports())
    note = load_report("ga-note")
    assert note.variables == {"subtitle": "note-by", "author": "president-general-assembly"}
    assert note.source.endswith("reports/ga-note.yaml")


def test_a_kind_extends_another_and_changes_only_what_it_names(tmp_path):
    write(tmp_path, "sg-note", "extends: ga-note\nvariables: {author: secretary-general}\n")
    kind = load_report("sg-note", [tmp_path])
    assert (kind.name, kind.template, kind.style) == ("sg-note", "un-report.xml.j2", "un-newyork")
    assert kind.variables == {"subtitle": "note-by", "author": "secretary-general"}
    assert kind.source == str(tmp_path / "reports" / "sg-note.yaml")


def test_a_kind_named_like_a_built_in_extends_the_built_in(tmp_path):
    write(tmp_path, "ga-letter", "extends: ga-letter\nstyle: mine\n")
    kind = load_report("ga-letter", [tmp_path])
    assert kind.style == "mine" and kind.template == "ga-letter.xml.j2"


@pytest.mark.parametrize("text, message", [
    ("extends: ga-note\ntemplte: x.xml.j2\n",
     "ga-x.yaml:2:1: templte: unknown key 'templte'; did you mean 'template'?"),
    ("extends: ga-note\nschemas: meeting\n", "ga-x.yaml:2:10: schemas: expected a list"),
    ("extends: ga-note\nformats: [docx, odt]\n", "ga-x.yaml:2:17: formats[1]: expected one of"),
    ("description: no template\n", "ga-x.yaml: schemas, template, style: required"),
    ("extends: nowhere\n", "extends: no report kind 'nowhere'"),
    ("extends: ga-x\n", "extends: 'ga-x' is this file's own name"),
    ("schemas: [meeting\n", "ga-x.yaml:2:1: YAML syntax"),
])
def test_mistakes_in_a_manifest_name_its_file_and_place(tmp_path, text, message):
    write(tmp_path, "ga-x", text)
    with pytest.raises(StyleError) as caught:
        load_report("ga-x", [tmp_path])
    assert message in str(caught.value)


@pytest.mark.parametrize("name", ["../examples/ga-letter-lima-2013", "/etc/passwd", "GA-Letter",
                                  "", "ga letter"])
def test_a_kind_is_a_name_never_a_path(name):
    with pytest.raises(KeyError):
        load_report(name)
