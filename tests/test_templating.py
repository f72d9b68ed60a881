from pathlib import Path

import pytest

from palais import compose
from palais.errors import TemplateError, TemplateNotFound
from palais.templating import render_template

ROOTS = Path(__file__).parent / "roots"
EXAMPLE = Path(__file__).parent.parent / "examples" / "ga-letter-lima-2013.yaml"


def write(tmp_path, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_values_are_escaped_and_never_run(tmp_path):
    write(tmp_path, "t.xml.j2", "<p>{{ v }}</p>")
    out = render_template("t.xml.j2", {"v": "a & <b> {{ 1 + 1 }}"}, [tmp_path])
    assert out == "<p>a &amp; &lt;b&gt; {{ 1 + 1 }}</p>"


def test_undefined_names_fail_with_template_line(tmp_path):
    write(tmp_path, "t.xml.j2", "<p>\n{{ missing }}\n</p>")
    with pytest.raises(TemplateError) as caught:
        render_template("t.xml.j2", {}, [tmp_path])
    message = str(caught.value)
    assert "t.xml.j2:2: template undefined: 'missing' is undefined" in message
    assert "| {{ missing }}" in message


def test_syntax_errors_name_template_and_line(tmp_path):
    write(tmp_path, "t.xml.j2", "<p>\n{% if x %}\n</p>")
    with pytest.raises(TemplateError, match=r"t.xml.j2:3: template syntax"):
        render_template("t.xml.j2", {"x": 1}, [tmp_path])


def test_sandbox_refuses_python_internals(tmp_path):
    write(tmp_path, "t.xml.j2", "{{ v.__class__.__mro__ }}")
    with pytest.raises(TemplateError, match="template"):
        render_template("t.xml.j2", {"v": ""}, [tmp_path])


def test_not_found_lists_every_folder_searched(tmp_path):
    with pytest.raises(TemplateNotFound, match=str(tmp_path)):
        render_template("absent.xml.j2", {}, [tmp_path])


def test_override_can_extend_the_built_in():
    _, plain, _ = compose(EXAMPLE)
    _, wrapped, _ = compose(EXAMPLE, [ROOTS / "override"])
    assert wrapped == plain


def test_override_with_a_mistake_names_the_override():
    with pytest.raises(TemplateError, match=r"roots/broken/ga-letter.xml.j2:3"):
        compose(EXAMPLE, [ROOTS / "broken"])
