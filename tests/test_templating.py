from pathlib import Path

import pytest

from palais import compose
from palais.errors import TemplateError, TemplateNotFound
from palais.model import Para, Signature
from palais.templating import _mark_lines, render_template, template_line_of

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
    plain = compose(EXAMPLE).document
    wrapped = compose(EXAMPLE, [ROOTS / "override"]).document
    assert wrapped == plain


def test_override_with_a_mistake_names_the_override():
    with pytest.raises(TemplateError, match=r"roots/broken/ga-letter.xml.j2:3"):
        compose(EXAMPLE, [ROOTS / "broken"])


def test_an_override_replaces_one_block_and_keeps_the_rest():
    plain = compose(EXAMPLE).document
    changed = compose(EXAMPLE, [ROOTS / "blocks"]).document
    kinds = lambda doc: [type(b).__name__ for b in doc.sections[0].blocks]
    assert Signature.__name__ in kinds(plain) and Signature.__name__ not in kinds(changed)
    closing = [b for b in changed.sections[0].blocks if isinstance(b, Para)][-1]
    assert closing.content[0].text.startswith("Signed for le Représentant permanent du Pérou")
    assert changed.sections[1:] == plain.sections[1:]            # the annex is untouched


def test_bad_markup_from_an_override_names_its_line():
    with pytest.raises(TemplateError) as caught:
        compose(EXAMPLE, [ROOTS / "bad-markup"])
    assert str(caught.value).startswith(f"{ROOTS / 'bad-markup' / 'ga-letter.xml.j2'}:6: "
                                        "<signature> holds <line> elements, not <lin>")


def test_bad_markup_in_a_macro_names_the_macro_line(tmp_path):
    write(tmp_path, "m.xml.j2", '{% macro para(x) %}\n<para>{{ x }}\n<b>{{ x }}</para>\n{% endmacro %}')
    write(tmp_path, "t.xml.j2", '{% import "m.xml.j2" as m %}<document>\n<section>\n'
                                '{{ m.para("a") }}\n</section></document>')
    markup = render_template("t.xml.j2", {}, [tmp_path])
    from palais.errors import MarkupError
    from palais.reader import read_document
    with pytest.raises(MarkupError) as caught:
        read_document(markup)
    assert template_line_of("t.xml.j2", {}, [tmp_path], caught.value.line) == \
        f"{tmp_path / 'm.xml.j2'}:3"


def test_marking_lines_changes_no_line_of_the_output(tmp_path):
    source = ('{% set t %}a\nb{% endset %}<x a="{{ 1 +\n 2 }}">\n  {% if 1 %}\n'
              '  <y>{{ t }}</y>\n  {% endif %}\n{# c\nd #}\ntext\n')
    write(tmp_path, "t.xml.j2", source)
    plain = render_template("t.xml.j2", {}, [tmp_path])
    marked = _mark_lines(source, "t")
    assert "{{ 1 +\n 2 }}" in marked and "{# c\nd #}" in marked    # Jinja syntax untouched
    assert "<?palais-line t:5?><y>" in marked and "<?palais-line t:9?>text" in marked
    write(tmp_path, "m.xml.j2", marked)
    assert len(render_template("m.xml.j2", {}, [tmp_path]).splitlines()) == len(plain.splitlines())


def test_compiled_templates_are_kept_and_follow_their_source(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("PALAIS_CACHE_DIR", str(cache))
    folder = tmp_path / "t"
    folder.mkdir()
    write(folder, "t.xml.j2", "<p>{{ v }} one</p>")
    assert render_template("t.xml.j2", {"v": "x"}, [folder]) == "<p>x one</p>"
    [version] = (cache / "templates").iterdir()                  # one folder per code version
    assert len(list(version.iterdir())) == 1
    write(folder, "t.xml.j2", "<p>{{ v }} two</p>")          # a changed source compiles anew
    assert render_template("t.xml.j2", {"v": "x"}, [folder]) == "<p>x two</p>"
    for path in version.iterdir():                             # a damaged file is passed over
        path.write_bytes(b"not a compiled template")
    assert render_template("t.xml.j2", {"v": "y"}, [folder]) == "<p>y two</p>"
    from palais import kept                   # another version of the code compiles afresh
    monkeypatch.setattr(kept, "code_version", lambda: b"another version")
    assert render_template("t.xml.j2", {"v": "z"}, [folder]) == "<p>z two</p>"
    assert len(list((cache / "templates").iterdir())) == 2
    assert len(list(version.iterdir())) == 1


def test_no_cache_folder_no_kept_templates(tmp_path, monkeypatch):
    monkeypatch.setenv("PALAIS_CACHE_DIR", "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    write(tmp_path, "t.xml.j2", "<p>{{ v }}</p>")
    assert render_template("t.xml.j2", {"v": "z"}, [tmp_path]) == "<p>z</p>"
    assert not (tmp_path / "xdg").exists()


def test_jinja_s_patterns_compiled_when_used_lex_and_link_the_same():
    from deferral import both_ways
    # Jinja imported by Palais (its name and link patterns deferred) and on its own.
    program = (
        "import jinja2, jinja2.utils, jinja2._identifier\n"
        "kinds = [type(p).__name__ for p in (jinja2.utils._http_re, jinja2._identifier.pattern)]\n"
        "env = jinja2.Environment()\n"
        "page = env.from_string('{% set réunion = 7 %}{{ réunion }} {{ t | urlize }}').render(\n"
        "    t='see https://www.iom.int/x?a=1, www.un.org and info@un.org.')\n"
        "print(repr((kinds, page)))\n")
    deferred, compiled = both_ways(program, "import palais.templating")
    assert deferred[0] == ["Deferred"] * 2 and compiled[0] == ["Pattern"] * 2
    assert deferred[1] == compiled[1] and deferred[1].startswith("7 see <a href=")
    assert 'href="mailto:info@un.org"' in deferred[1]
