"""Many files at once: --jobs, progress on a terminal, --quiet and --verbose."""
import gc
import os
import pty
import select
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

from palais.cli import collect_less, main

ROOT = Path(__file__).resolve().parent.parent
FILES = [ROOT / "examples" / name for name in (
    "ga-letter-lima-2013.yaml", "starter-chair-summary.yaml", "meeting-page-geneva-2017.yaml")] \
    + sorted((ROOT / "examples" / "en").glob("*.yaml"))


def test_jobs_write_the_same_bytes_as_one_at_a_time(tmp_path, capsys):
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["render", *map(str, FILES), "--out", str(one)]) == 0
    sequential = capsys.readouterr().out
    assert main(["render", *map(str, FILES), "--out", str(two), "--jobs", "2"]) == 0
    parallel = capsys.readouterr().out
    # the same lines, in the order of the command line
    assert parallel.replace(str(two), "OUT") == sequential.replace(str(one), "OUT")
    names = sorted(p.name for p in one.iterdir())
    assert names == sorted(p.name for p in two.iterdir()) and len(names) >= 2 * len(FILES) - 1
    for name in names:
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_a_file_that_fails_in_a_batch_fails_alone(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("report: ga-letter\nlanguage: en\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["render", str(FILES[1]), str(bad), str(FILES[0]), "--out", str(out),
                 "--jobs", "2"]) == 2
    captured = capsys.readouterr()
    assert f"{bad}:1:1: document: required field is missing" in captured.err
    assert "Traceback" not in captured.err
    # the two good files, rendered at once, both make the missing --out folder
    assert sorted(p.name for p in out.iterdir()) == [
        "ga-letter-lima-2013.docx", "ga-letter-lima-2013.pdf", "starter-chair-summary.docx",
        "starter-chair-summary.pdf"], captured.err


def test_jobs_must_be_a_sensible_number(capsys):
    assert main(["render", str(FILES[0]), "--jobs", "0"]) == 2
    assert "--jobs 0: give a number of processes from 1 to 64" in capsys.readouterr().err


def _on_a_terminal(args, cwd) -> tuple:
    """Run palais with standard error on a pseudo-terminal; return (out, terminal)."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "palais", *args], cwd=cwd,
                               stdout=subprocess.PIPE, stderr=terminal,
                               env={**os.environ, "TERM": "xterm"})
    os.close(terminal)
    seen = b""
    while True:
        ready, _, _ = select.select([controller], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(controller, 65536)
        except OSError:           # the other end closed
            break
        if not chunk:
            break
        seen += chunk
    out, _ = process.communicate(timeout=60)
    os.close(controller)
    return out.decode(), seen.decode("utf-8", "replace")


def test_progress_shows_on_a_terminal_only(tmp_path):
    report = ROOT / "examples" / "ga-report-sg-2008.yaml"
    out, terminal = _on_a_terminal(["render", str(report), str(FILES[1]), "--out",
                                    str(tmp_path / "o")], tmp_path)
    assert "[1/2] " in terminal and "[2/2] " in terminal
    assert "ga-report-sg-2008.yaml: PDF, page 21" in terminal
    assert terminal.rstrip().endswith("\x1b[K")          # the line is cleared at the end
    assert out.count("wrote ") == 4 and "\x1b" not in out
    # through a pipe: no progress at all
    piped = subprocess.run([sys.executable, "-m", "palais", "render", str(FILES[1]), "--out",
                            str(tmp_path / "p")], capture_output=True, text=True, cwd=tmp_path)
    assert piped.returncode == 0 and piped.stderr == ""


def test_quiet_says_nothing_and_verbose_says_how(tmp_path, capsys):
    assert main(["render", str(FILES[1]), "--out", str(tmp_path / "q"), "--quiet"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["render", str(FILES[1]), "--out", str(tmp_path / "v"), "--verbose"]) == 0
    captured = capsys.readouterr()
    assert captured.out.count("wrote ") == 2
    assert f"palais: {FILES[1]}: " in captured.err and " s; 1 PDF layout" in captured.err
    assert main(["render", str(FILES[1]), "--quiet", "--verbose"]) == 2
    assert "not allowed with argument" in capsys.readouterr().err


class _Cycle:
    """An object in a cycle of its own: only the cycle collector frees it."""

    def __init__(self):
        self.me = self


@pytest.fixture
def collector():
    """Give the test the collector as the palais command sets it; restore it after."""
    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    collect_less()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    (gc.enable if enabled else gc.disable)()


def test_the_collector_waits_for_the_end_of_a_file_and_frees_its_cycles_before_the_next(
        tmp_path, collector, monkeypatch):
    import palais
    seen, left = [], []

    def render(name, **kwargs):
        seen.append((Path(name).name, gc.isenabled(), [ref() is None for ref in left]))
        cycle = _Cycle()
        left.append(weakref.ref(cycle))
        return palais.Result(document=None)
    monkeypatch.setattr(palais, "render", render)
    names = [str(path) for path in FILES[:3]]
    assert main(["render", *names, "--out", str(tmp_path / "out"), "--quiet"]) == 0
    # off while each file is rendered; the cycles of the files before it freed
    assert seen == [(FILES[0].name, False, []), (FILES[1].name, False, [True]),
                    (FILES[2].name, False, [True, True])]


def test_the_command_leaves_its_objects_to_the_end_of_the_process(tmp_path, collector,
                                                                    monkeypatch):
    from palais import cli
    monkeypatch.setattr(sys, "argv", ["palais", "render", str(FILES[0]), "--format", "html",
                                      "--out", str(tmp_path / "out"), "--quiet"])
    with pytest.raises(SystemExit) as exit:
        cli.run()
    assert exit.value.code == 0 and (tmp_path / "out").is_dir()
    # nothing is left for the collector the interpreter runs as it ends
    assert gc.get_freeze_count() > 0 and gc.get_count()[0] < 100
