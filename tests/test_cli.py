"""Command-line cases from tests/cli/*.md: input, command, exit code and output."""
import re
import shlex
from io import StringIO
from pathlib import Path

import pytest

from palais.cli import main

CASES = sorted((Path(__file__).parent / "cli").glob("*.md"))
BLOCK = re.compile(r"```(\w+)(?: (\w+))?\n(.*?)```", re.S)


def parse(case: Path) -> dict:
    blocks = {}
    for kind, role, body in BLOCK.findall(case.read_text(encoding="utf-8")):
        blocks[role or kind] = body
    return blocks


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_cli_case(case, tmp_path):
    blocks = parse(case)
    source = tmp_path / "meeting.yaml"
    source.write_text(blocks.get("input", ""), encoding="utf-8")
    out_dir = tmp_path / "out"
    argv = [a.replace("INPUT", str(source)).replace("OUT", str(out_dir))
            for a in shlex.split(blocks["command"])][1:]
    stdout, stderr = StringIO(), StringIO()
    code = main(argv, stdout=stdout, stderr=stderr)
    assert code == int(blocks["exit"].strip())
    if "stderr" in blocks:
        assert stderr.getvalue().replace(str(source), "INPUT") == blocks["stderr"]
    if "stdout" in blocks:
        assert stdout.getvalue().replace(str(out_dir), "OUT") == blocks["stdout"]
    if code != 0:
        assert not out_dir.exists() or not any(out_dir.iterdir())
    assert "Traceback" not in stderr.getvalue()


def test_version_and_help():
    out = StringIO()
    assert main(["--version"], stdout=out) == 0
    assert main(["render", "--help"], stdout=out) == 0


def test_a_format_in_capitals_or_named_twice_is_written_once(tmp_path):
    letter = Path(__file__).resolve().parents[1] / "examples" / "ga-letter-lima-2013.yaml"
    out, err = StringIO(), StringIO()
    assert main(["render", str(letter), "--format", "PDF, pdf", "--out", str(tmp_path)],
                stdout=out, stderr=err) == 0, err.getvalue()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ga-letter-lima-2013.pdf"]
    assert out.getvalue().count("wrote") == 1


def test_a_bug_prints_one_line_and_saves_the_traceback(monkeypatch, tmp_path):
    import palais
    monkeypatch.setattr(palais, "_compose", lambda *a, **k: 1 / 0)
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    # A link planted where a fixed name would be is never followed.
    (tmp_path / "palais-crash.txt").symlink_to(tmp_path / "target")
    err = StringIO()
    code = main(["validate", "x.yaml"], stdout=StringIO(), stderr=err)
    assert code == 1
    assert err.getvalue().count("\n") == 1 and "internal error" in err.getvalue()
    crash, = tmp_path.glob("palais-crash-*.txt")
    assert "ZeroDivisionError" in crash.read_text()
    assert crash.stat().st_mode & 0o777 == 0o600 and not (tmp_path / "target").exists()


@pytest.mark.parametrize("reader_leaves", ["at once", "after a line"])
def test_a_reader_that_stops_reading_leaves_the_work_done_and_no_error(tmp_path, reader_leaves):
    # palais schema | head -1, palais compare … | grep -q: the command does all it was
    # asked and ends as it would have, saying nothing of the closed pipe
    import subprocess
    import sys
    letter = Path(__file__).resolve().parents[1] / "examples" / "ga-letter-lima-2013.yaml"
    for argv in (["schema"], ["render", str(letter), "--out", str(tmp_path), "--verbose"]):
        run = subprocess.Popen([sys.executable, "-c", "from palais.cli import run; run()", *argv],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if reader_leaves == "after a line":
            run.stdout.readline()
        run.stdout.close()
        with run.stderr:
            errors = run.stderr.read().decode()
        assert run.wait() == 0 and "error" not in errors and "Traceback" not in errors, errors
    assert (tmp_path / "ga-letter-lima-2013.pdf").stat().st_size > 0


def test_a_command_run_with_its_output_closed_does_its_work(tmp_path):
    # palais render … >&- : Python has no standard output at all
    import os
    import subprocess
    import sys
    letter = Path(__file__).resolve().parents[1] / "examples" / "ga-letter-lima-2013.yaml"
    for closing, out in (("before it starts", tmp_path / "a"), ("as it starts", tmp_path / "b")):
        program = ("import os; os.close(1); " if closing == "as it starts" else "") + \
            "from palais.cli import run; run()"
        run = subprocess.run([sys.executable, "-c", program, "render", str(letter),
                              "--out", str(out)], stderr=subprocess.PIPE, text=True,
                             preexec_fn=(lambda: os.close(1)) if closing == "before it starts"
                             else None)
        assert (run.returncode, run.stderr) == (0, ""), closing
        assert (out / "ga-letter-lima-2013.pdf").stat().st_size > 0


def test_a_command_run_in_a_folder_deleted_under_it_says_so(tmp_path):
    import os
    import subprocess
    import sys
    letter = Path(__file__).resolve().parents[1] / "examples" / "ga-letter-lima-2013.yaml"
    gone, out = tmp_path / "gone", tmp_path / "out"
    gone.mkdir()

    def leave_a_deleted_folder():
        os.chdir(gone)
        os.rmdir(gone)
    run = subprocess.run([sys.executable, "-c", "from palais.cli import run; run()", "render",
                          str(letter), "--out", str(out)], capture_output=True, text=True,
                         preexec_fn=leave_a_deleted_folder)
    assert run.returncode == 2
    assert "the current folder no longer exists" in run.stderr
    assert "internal error" not in run.stderr and not out.exists()
