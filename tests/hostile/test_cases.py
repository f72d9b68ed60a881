"""Hostile input, table by table: bad files, data, templates, style sheets -> exit code and message.

Each case starts from a copy of the English starter in a fresh folder, changes
one thing, runs the command line and checks the exit code, the message (a
regular expression, searched in stderr), that no traceback is shown, and that
a failing run writes nothing.
"""
import os
import re
from io import StringIO
from pathlib import Path

import pytest

from palais.cli import main

STARTER = (Path(__file__).resolve().parents[2] / "examples" / "starter-chair-summary.yaml") \
    .read_text(encoding="utf-8")


def _png() -> bytes:
    """Return a one-pixel PNG."""
    import struct
    import zlib

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


PNG = _png()


def run(folder: Path, argv):
    out, err = StringIO(), StringIO()
    code = main([str(a).replace("DIR", str(folder)) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()


def project(tmp_path, meeting=STARTER, files=None) -> Path:
    (tmp_path / "m.yaml").write_text(meeting, encoding="utf-8")
    for name, text in (files or {}).items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return tmp_path


def edit(old, new, count=1):
    assert old in STARTER, old
    return STARTER.replace(old, new, count)


def check(tmp_path, argv, code, message):
    got, _, err = run(tmp_path, argv)
    assert "Traceback" not in err and "internal error" not in err, err
    assert got == code, err
    assert re.search(message, err), err
    if got:
        assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


RENDER = ["render", "DIR/m.yaml", "--out", "DIR/out"]

# -- the meeting file: YAML, encoding, size, kind of file -----------------------

YAML_CASES = {
    "alias bomb": ("a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                   + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n"
                             for p, c in zip("abcdefg", "bcdefgh")),
                   r"m.yaml:\d+:\d+: aliases expand this to more than 1,000,000 values"),
    "alias loop": ("a: &a [*a]\n", r"m.yaml:1:4: an alias refers to a value that holds it"),
    "merge key": ("x: &x {a: 1}\ny:\n  <<: *x\n", r"m.yaml:3:3: merge keys \('<<'\) are not"),
    "impossible date as key": ("2013-02-30: x\n", r"m.yaml:1:1: report: required field"),
    "explicit int tag": ("report: !!int abc\n", r"m.yaml:1:9: report: 'abc' is not a valid int"),
    "python tag": ("report: !!python/object/apply:os.system [id]\n",
                   r"m.yaml:1:9: report: the tag .* is not one a meeting file may use"),
    "null key": ("~: 1\nreport: ga-letter\nlanguage: en\n", r"m.yaml:1:1: ~: unknown key '~'"),
    "deep nesting": ("a: " + "[" * 100 + "]" * 100 + "\n", r"nested more than 64 deep"),
    "tab indent": ("report: ga-letter\n\tlanguage: en\n", r"m.yaml:2:1: YAML syntax"),
    "key twice": ("report: a\nreport: b\n", r"m.yaml:2:1: report: key written twice"),
    "not a mapping": ("- a\n- b\n", r"m.yaml:1:1: \(top\): expected a mapping of keys"),
    "unknown kind": ("report: ga-leter\nlanguage: en\n", r"did you mean 'ga-letter'"),
    "kind as a path": ("report: ../examples/ga-letter-lima-2013\nlanguage: en\n",
                       r"m.yaml:1:9: report: unknown report kind"),
}


@pytest.mark.parametrize("text, message", YAML_CASES.values(), ids=YAML_CASES)
def test_bad_yaml_is_located(tmp_path, text, message):
    check(project(tmp_path, text), RENDER, 2, message)


@pytest.mark.parametrize("raw, message", [
    (b"report: ga-letter\nlanguage: fr\ntitle: caf\xe9\n",
     r"m.yaml:3:11: not UTF-8 text \(byte 0xe9\)"),
    (b"report: ga-letter\nlanguage: e\x00n\n", r"m.yaml:2:12: the character U\+0000"),
    (b"report: ga-letter\x1b\n", r"m.yaml:1:18: the character U\+001B"),
])
def test_bad_bytes_are_located(tmp_path, raw, message):
    (tmp_path / "m.yaml").write_bytes(raw)
    check(tmp_path, RENDER, 2, message)


def test_files_that_are_not_regular_files_are_refused(tmp_path):
    os.mkfifo(tmp_path / "fifo.yaml")
    check(tmp_path, ["render", "DIR/fifo.yaml", "--out", "DIR/out"], 2, "not a regular file")
    check(tmp_path, ["validate", "/dev/zero"], 2, r"/dev/zero: not a regular file")
    check(tmp_path, ["validate", "DIR"], 2, r"is a folder, not a file")
    check(tmp_path, ["validate", "DIR/none.yaml"], 2, r"none.yaml: no such file")


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path):
    project(tmp_path, STARTER + "# " + "x" * 2_000_000 + "\n")
    check(tmp_path, RENDER + ["--max-size", "1"], 2, r"m.yaml: [\d,]+ bytes, more than the "
                                                    r"1,048,576 allowed \(--max-size\)")
    check(tmp_path, RENDER + ["--max-size", "0"], 2, r"--max-size 0: give a size in MB")


# -- the data: what validation owns ---------------------------------------------

DATA_CASES = {
    "control character": (edit("  date: 2025-06-25", '  date: 2025-06-25\n  body: ["a\\x01b"]\n',),
                           None),
    "escape character": (edit("surname: Example", 'surname: "Ex\\x1bample"'),
                         r"m.yaml:\d+:\d+: letter.signatures\[0\].surname: holds U\+001B, a "
                         r"control character"),
    "vertical tab": (edit("surname: Example", 'surname: "Ex\\vample"'), r"holds U\+000B"),
    "noncharacter": (edit("surname: Example", 'surname: "Ex\\uFFFEample"'),
                     r"holds U\+FFFE, a noncharacter"),
    "lone surrogate": (edit("surname: Example", 'surname: "Ex\\ud800ample"'),
                       r"m.yaml:\d+:\d+: YAML syntax: found invalid Unicode character escape"),
    "blank text": (edit("surname: Example", 'surname: "   "'),
                   r"letter.signatures\[0\].surname: blank"),
    "blank sender": (edit("    - {office: permanent-representative, state: Examplia}",
                          '    - "   "'), r"letter.from\[0\]: blank"),
    "too long a text": (edit("surname: Example", "surname: " + "x" * 40_001),
                        r"40,001 characters in one text"),
    "clock out of range": (STARTER + "agenda:\n  days:\n    - sessions:\n        - {start: '25:99',"
                           " end: '11:00', title: x}\n",
                           r"agenda.days\[0\].sessions\[0\].start: expected a time of day"),
    "clock with seconds": (STARTER + "agenda:\n  days:\n    - sessions:\n        - {start: 10:30:00,"
                           " end: '11:00', title: x}\n", r"got '10:30:00'"),
    "row wider than the table": (edit("      - Participants thanked",
                                      "      - table: {columns: [a, b], rows: [[x, y, z]]}\n"
                                      "      - Participants thanked"),
                                 r"rows\[0\]: the row fills 3 column\(s\), but the table has 2"),
    "zero widths": (edit("      - Participants thanked",
                         "      - table: {columns: [a, b], widths: [0, 0], rows: [[x, y]]}\n"
                         "      - Participants thanked"), r"widths\[0\]: must be greater than 0"),
    "zero span": (edit("      - Participants thanked",
                       "      - table: {columns: [a, b], rows: [[{text: x, span: 0}, y]]}\n"
                       "      - Participants thanked"), r"span must be a whole number, 1 or more"),
    "note calling a note": (edit("  rcps: Listed in the list of participants.",
                                 "  rcps: See [^other].\n  other: x"),
                            r"notes.rcps: a note cannot call a note"),
    "undefined note": (edit("processes[^rcps]", "processes[^nope]"),
                       r"note \[\^nope\] is not defined"),
    "image outside the folder": (edit("      - Participants thanked",
                                      "      - figure: {title: F, image: /etc/passwd}\n"
                                      "      - Participants thanked"),
                                 r"figure.image: /etc/passwd is outside the folder"),
    "image that is a folder": (edit("      - Participants thanked",
                                    "      - figure: {title: F, image: pics}\n"
                                    "      - Participants thanked"), r"is a folder, not an image"),
    "image that is no image": (edit("      - Participants thanked",
                                    "      - figure: {title: F, image: notes.txt}\n"
                                    "      - Participants thanked"),
                               r"notes.txt is not a PNG or JPEG image"),
    "damaged image": (edit("      - Participants thanked",
                           "      - figure: {title: F, image: bad.png}\n"
                           "      - Participants thanked"), r"bad.png is a damaged image"),
    "missing image": (edit("      - Participants thanked",
                           "      - figure: {title: F, image: nope.png}\n"
                           "      - Participants thanked"), r"cannot read the image"),
    "yes is not a boolean": (edit("      surname: Example", "      surname: Example\n      signed: yes"),
                             r"signed: expected true or false, got the text 'yes'"),
}


@pytest.mark.parametrize("meeting, message", DATA_CASES.values(), ids=DATA_CASES)
def test_data_problems_are_validation_errors_at_their_place(tmp_path, meeting, message):
    project(tmp_path, meeting, {"notes.txt": "plain text", "pics/a.png": PNG,
                                "bad.png": PNG[:40]})
    check(tmp_path, RENDER, 2, message or r"m.yaml:\d+:\d+: ")


def test_an_image_beside_the_meeting_file_is_found_from_any_folder(tmp_path, monkeypatch):
    meeting = edit("      - Participants thanked", "      - figure: {title: F, image: pics/a.png}\n"
                                                 "      - Participants thanked")
    project(tmp_path, meeting, {"pics/a.png": PNG})
    monkeypatch.chdir("/")
    code, _, err = run(tmp_path, RENDER)
    assert code == 0 and "figure-image-missing" not in err, err


def test_underscores_and_backticks_are_text(tmp_path):
    meeting = edit("surname: Example", "surname: __class__ `x` _y_")
    project(tmp_path, meeting)
    code, _, err = run(tmp_path, RENDER + ["--format", "docx"])
    assert code == 0, err
    import zipfile
    xml = zipfile.ZipFile(tmp_path / "out" / "m.docx").read("word/document.xml").decode()
    assert "__class__ `x` _y_" in xml


# -- templates, style sheets, manifests, labels ---------------------------------

TEMPLATE = "templates/ga-letter.xml.j2"
SHEET = "templates/styles/un-newyork.yaml"
AUTHOR_CASES = {
    "recursive macro": ({TEMPLATE: "{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}"},
                        r"ga-letter.xml.j2:1: the template calls itself without end"),
    "endless output": ({TEMPLATE: "{% for i in range(100000) %}{% for j in range(2000) %}"
                                  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx{% endfor %}{% endfor %}"},
                       r"writes more than [\d,]+ characters"),
    "huge string": ({TEMPLATE: "{% set x = 'a' * 10**9 %}"}, r"a \* that makes"),
    "sandbox escape": ({TEMPLATE: "{{ ''.__class__.__mro__ }}"}, r"unsafe"),
    "bad markup": ({TEMPLATE: '{% extends "!ga-letter.xml.j2" %}{% block body %}\n'
                              "<para>a<em>b</para>\n{% endblock %}"},
                   r"ga-letter.xml.j2:2: Opening and ending tag mismatch"),
    "colour": ({SHEET: "extends: un-newyork\ncover: {band-color: '#zzzzzz'}\n"},
               r"un-newyork.yaml:2:21: cover.band-color: expected a colour"),
    "extends a number": ({SHEET: "extends: 42\n"}, r"un-newyork.yaml:1:10: extends: expected text"),
    "negative margin": ({SHEET: "extends: un-newyork\npage: {margin-left: -1in}\n"},
                        r"page.margin-left: must be 0 or more"),
    "zero page": ({SHEET: "extends: un-newyork\npage: {width: 0, height: 0}\n"},
                  r"page.width: must be greater than 0"),
    "margins eat the page": ({SHEET: "extends: un-newyork\npage: {margin-left: 300pt, "
                                     "margin-right: 300pt}\n"}, r"the margins leave 12pt"),
    "header field": ({SHEET: "extends: un-newyork\nrunning: {header-text: '{symbol.nope}'}\n"},
                     r"running.header-text: '\{symbol.nope\}' is not of the expected form"),
    "header internals": ({SHEET: "extends: un-newyork\nrunning: "
                                 "{header-text: '{symbol.__class__.__mro__}'}\n"},
                         r"running.header-text"),
    "missing style": ({SHEET: "extends: un-newyork\nrunning: {header-style: Nope}\n"},
                      r"running.header-style: no style named 'Nope'"),
    "leading too large": ({SHEET: "extends: un-newyork\nstyles: {LetterTxt: {leading: 10000pt}}\n"},
                          r"a block \d+pt tall .* cannot fit"),
    "broken labels": ({"templates/labels/en.yaml": "org: [a\n"}, r"labels/en.yaml:2:1: YAML syntax"),
    "broken manifest": ({"templates/reports/ga-letter.yaml": "extends: ga-letter\nstyle: [\n"},
                        r"reports/ga-letter.yaml:3:1: YAML syntax"),
    "manifest key": ({"templates/reports/ga-letter.yaml": "extends: ga-letter\ntemplte: x\n"},
                     r"templte: unknown key"),
}


@pytest.mark.parametrize("files, message", AUTHOR_CASES.values(), ids=AUTHOR_CASES)
def test_author_mistakes_are_exit_3_at_their_place(tmp_path, files, message):
    project(tmp_path, files=files)
    check(tmp_path, RENDER + ["--template-dir", "DIR/templates"], 3, message)


# -- the command line and the output folder -------------------------------------

@pytest.mark.parametrize("argv, message", [
    (RENDER + ["--format", ","], r"--format ',': name at least one format"),
    (RENDER + ["--format", ""], r"name at least one format"),
    (RENDER + ["--format", "odt"], r"unknown format 'odt'"),
    (RENDER + ["--template-dir", "DIR/nope"], r"--template-dir .*nope: no such folder"),
    (["render", "-x.yaml"], r"write ./-x.yaml or put -- before it"),
    (["render", "DIR/m.yaml", "--out", "DIR/m.yaml"], r"m.yaml is not a folder"),
    (["render", "DIR/m.yaml", "--out", "/dev/null"], r"/dev/null is not a folder"),
    (["render", "DIR/m.yaml", "--out", "DIR/" + "x" * 300], r"the name is too long"),
    (["render", "DIR/m.yaml", "DIR/sub/m.yaml", "--out", "DIR/out"],
     r"m.yaml and .*sub/m.yaml would both be written to"),
    (["render", "DIR/out/m.pdf", "--out", "DIR/out"], r"would replace the input"),
])
def test_command_line_mistakes_are_usage_errors(tmp_path, argv, message):
    project(tmp_path, files={"sub/m.yaml": STARTER})
    if "DIR/out/m.pdf" in argv:
        (tmp_path / "out").mkdir()
        (tmp_path / "out" / "m.pdf").write_text(STARTER, encoding="utf-8")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    code, _, err = run(tmp_path, argv)
    assert code == 2 and re.search(message, err) and "Traceback" not in err, err
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


@pytest.fixture
def rendered(tmp_path):
    """A folder holding the good outputs of a first run, and their bytes."""
    project(tmp_path)
    assert run(tmp_path, RENDER)[0] == 0
    return tmp_path, {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}


def test_strict_keeps_the_previous_outputs(rendered):
    folder, before = rendered
    swapped = STARTER.replace("  from:                                   # or the words as typed: \"the Chair of ...\"\n"
                              "    - {office: permanent-representative, state: Examplia}",
                              "  from:\n    - {office: permanent-representative, state: Zeta}\n"
                              "    - {office: permanent-representative, state: Alpha}")
    assert swapped != STARTER
    (folder / "m.yaml").write_text(swapped, encoding="utf-8")
    code, _, err = run(folder, RENDER + ["--strict"])
    assert code == 2 and "warning [signatory-order]" in err and "nothing written" in err
    assert {p.name: p.read_bytes() for p in (folder / "out").iterdir()} == before


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_write_leaves_the_folder_as_it_was(rendered, monkeypatch, failing):
    import errno

    from palais import output
    folder, before = rendered
    (folder / "m.yaml").write_text(STARTER.replace("Alex", "Alexandra"), encoding="utf-8")
    real = getattr(os, failing)
    calls = []

    def broken(*args, **kwargs):
        calls.append(args)
        if failing == "fsync" or len(calls) == 3:    # the disk fills, or the 2nd move fails
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args, **kwargs)
    monkeypatch.setattr(output.os, failing, broken)
    code, _, err = run(folder, RENDER)
    assert code == 2 and "no space left on the disk; nothing was written" in err, err
    assert {p.name: p.read_bytes() for p in (folder / "out").iterdir()} == before


def test_a_folder_made_meanwhile_by_another_run_is_written_into(tmp_path, monkeypatch):
    # two files of one batch, rendered at once into an --out folder not yet there
    from palais import output
    real = Path.mkdir

    def beaten(self, *args, **kwargs):
        real(self)                              # the other run is first
        return real(self, *args, **kwargs)
    monkeypatch.setattr(Path, "mkdir", beaten)
    target = tmp_path / "out" / "a.pdf"
    assert output.write_all([(target, b"mine")]) == [target]
    assert target.read_bytes() == b"mine"


def test_a_folder_removed_meanwhile_by_another_run_is_made_again(tmp_path, monkeypatch):
    # the other run made the folder, failed, and removed it as it found it: empty
    from palais import output
    real, calls = output._write_temp, []

    def after_theirs(target, blob):
        calls.append(target)
        if len(calls) == 1:
            target.parent.rmdir()
        return real(target, blob)
    monkeypatch.setattr(output, "_write_temp", after_theirs)
    target = tmp_path / "out" / "a.pdf"
    assert output.write_all([(target, b"mine")]) == [target]
    assert target.read_bytes() == b"mine" and len(calls) == 2


def test_outputs_follow_the_umask(tmp_path):
    project(tmp_path)
    old = os.umask(0o027)
    try:
        assert run(tmp_path, RENDER)[0] == 0
    finally:
        os.umask(old)
    for path in (tmp_path / "out").iterdir():
        assert path.stat().st_mode & 0o777 == 0o640


def test_validate_runs_the_writers_and_writes_nothing(tmp_path):
    project(tmp_path, files={SHEET: "extends: un-newyork\nstyles: {LetterTxt: {leading: 10000pt}}\n"})
    code, _, err = run(tmp_path, ["validate", "DIR/m.yaml", "--template-dir", "DIR/templates"])
    assert code == 3 and "cannot fit" in err
    assert not (tmp_path / "out").exists()


EVERY_BLOCK = """
      - {heading: A heading}
      - {heading: A numbered one, numbering: "(1)"}
      - {bullets: [one, {text: two, bullets: [two a]}]}
      - {table: {columns: [a, b], widths: [1, 2], rows: [[x, {text: y, span: 1}], [[p, q], z]]}}
      - {form: [{question: "Why?", answer: lines, lines: 2}, {question: "Yes?", answer: box}]}
      - {figure: {title: A figure, image: pics/a.png, note: A note.}}
      - {figure: {title: An empty frame}}
      - {text: "Items:", items: [first;, second.]}
"""


@pytest.mark.parametrize("example, anchor", [
    ("starter-chair-summary.yaml", "      - Participants thanked"),
    ("iom-report-geneva-2017.yaml", None),
])
def test_every_block_the_schema_allows_renders_in_both_families(tmp_path, example, anchor):
    import yaml
    source = Path(__file__).resolve().parents[2] / "examples" / example
    if anchor:
        meeting = edit(anchor, EVERY_BLOCK.strip("\n") + "\n" + anchor)
    else:                      # the IOM report: its first section gets every block
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        data["sections"][0]["paragraphs"] += yaml.safe_load("x:\n" + EVERY_BLOCK)["x"]
        meeting = yaml.safe_dump(data, allow_unicode=True)
    project(tmp_path, meeting, {"pics/a.png": PNG})
    code, _, err = run(tmp_path, RENDER)
    assert code == 0 and "Traceback" not in err, err


def test_an_iom_annex_cannot_show_what_the_file_lacks(tmp_path):
    import yaml
    source = Path(__file__).resolve().parents[2] / "examples" / "iom-report-geneva-2017.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    del data["agenda"]
    project(tmp_path, yaml.safe_dump(data, allow_unicode=True))
    check(tmp_path, ["validate", "DIR/m.yaml"], 2, r"show: agenda, but the file has no `agenda:`")
