"""A build in two processes: the helper composes and writes the DOCX (palais.parallel)."""
import os
import threading
from pathlib import Path

import pytest

from palais import build, parallel
from palais.errors import RenderError
from palais.writers.docx.writer import DocxWriter
from palais.writers.pdf.writer import PdfWriter

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
REPORT = EXAMPLES / "iom-report-geneva-2017.yaml"      # contents, notes, tables
LETTER = EXAMPLES / "ga-letter-lima-2013.yaml"


@pytest.fixture
def two_cores(monkeypatch):
    """Let the machine have two cores, whatever it has, and count the helper
    processes started."""
    if not hasattr(os, "fork") or not hasattr(os, "sched_getaffinity"):
        pytest.skip("forks only where the system has fork and CPU affinity (Linux)")
    monkeypatch.setattr(parallel.sys, "platform", "linux")
    monkeypatch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0, 1})
    started = []
    real = parallel.Helper.__init__

    def counting(self, *args):
        started.append(os.getpid())
        real(self, *args)
    monkeypatch.setattr(parallel.Helper, "__init__", counting)
    return started


def _no_child_left():
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


@pytest.mark.parametrize("path, formats", [(REPORT, ("docx", "pdf")), (LETTER, ("pdf", "docx")),
                                           (REPORT, ("docx",))])
def test_the_files_and_warnings_are_those_written_in_turn(two_cores, path, formats, tmp_path,
                                                          monkeypatch):
    # a DOCX alone with no page map kept lays the PDF out for its contents
    monkeypatch.setenv("PALAIS_CACHE_DIR", "")          # none kept
    alongside = build(path, formats, options={"concurrent": True})
    assert two_cores, "the build ran in one process"
    in_turn = build(path, formats, options={"concurrent": False})
    assert len(two_cores) == 1
    assert list(alongside.files) == list(in_turn.files)
    assert sorted(alongside.files) == sorted(formats)
    for fmt in formats:
        assert alongside.files[fmt] == in_turn.files[fmt], fmt
    assert alongside.warnings == in_turn.warnings
    assert alongside.layouts == in_turn.layouts == 1
    _no_child_left()


def test_a_docx_with_a_kept_page_map_comes_from_the_helper_alone(two_cores, tmp_path,
                                                                  monkeypatch):
    monkeypatch.setenv("PALAIS_CACHE_DIR", str(tmp_path / "cache"))
    build(REPORT, ("docx",))                              # lays out, keeps the map
    result = build(REPORT, ("docx",))
    assert result.page_map == "cached" and result.layouts == 0
    assert len(two_cores) == 2
    assert result.files == build(REPORT, ("docx",), options={"concurrent": False}).files
    _no_child_left()


def test_a_mistake_in_the_input_is_reported_as_in_one_process(two_cores, tmp_path):
    from palais.errors import ValidationError
    bad = tmp_path / "bad.yaml"
    bad.write_text(LETTER.read_text(encoding="utf-8").replace("language: fr", "language: xx", 1),
                   encoding="utf-8")
    errors = []
    for concurrent in (True, False):
        with pytest.raises(ValidationError) as caught:
            build(bad, ("docx", "pdf"), options={"concurrent": concurrent})
        errors.append(caught.value.problems)
    assert errors[0] == errors[1] and "bad.yaml:" in errors[0][0]
    assert len(two_cores) == 1
    _no_child_left()


def test_a_helper_that_dies_composing_leaves_the_work_here(two_cores, monkeypatch):
    import palais
    parent, real = os.getpid(), palais._compose

    def dying(*args, **kwargs):
        if os.getpid() != parent:
            os._exit(3)
        return real(*args, **kwargs)
    monkeypatch.setattr(palais, "_compose", dying)
    alongside = build(LETTER, ("docx", "pdf"))
    assert two_cores
    monkeypatch.setattr(palais, "_compose", real)
    assert alongside.files == build(LETTER, ("docx", "pdf"), options={"concurrent": False}).files
    _no_child_left()


@pytest.mark.parametrize("writer, method, path", [
    (DocxWriter, "draft", LETTER),        # in the helper: met again here
    (PdfWriter, "render", REPORT),        # here: the helper is stopped
])
def test_a_writer_that_fails_fails_the_build_and_leaves_no_process(two_cores, monkeypatch,
                                                                   writer, method, path):
    def broken(self, document):
        raise RenderError(f"{writer.__name__} broken")
    monkeypatch.setattr(writer, method, broken)
    with pytest.raises(RenderError, match=f"{writer.__name__} broken"):
        build(path, ("docx", "pdf"))
    assert two_cores
    _no_child_left()


def test_a_second_process_that_dies_costs_only_time(two_cores):
    parent = os.getpid()
    real = DocxWriter.finish

    def dying(self, *args):
        if os.getpid() != parent:
            os._exit(3)                   # killed, out of memory: no word sent back
        return real(self, *args)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DocxWriter, "finish", dying)
        alongside = build(LETTER, ("docx", "pdf"))
    assert two_cores
    assert alongside.files["docx"] == build(LETTER, ("docx", "pdf"),
                                            options={"concurrent": False}).files["docx"]
    _no_child_left()


def test_a_system_that_gives_no_process_leaves_the_build_here(two_cores, monkeypatch):
    def refused():
        raise BlockingIOError(11, "Resource temporarily unavailable")    # EAGAIN
    opened = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    monkeypatch.setattr(parallel.os, "fork", refused)
    alone = build(LETTER, ("docx", "pdf"))
    assert two_cores, "no second process was asked for"
    monkeypatch.undo()
    assert alone.files == build(LETTER, ("docx", "pdf"), options={"concurrent": False}).files
    if opened is not None:
        assert len(os.listdir("/proc/self/fd")) == opened       # no pipe left open
    _no_child_left()


def test_one_core_threads_or_the_option_write_in_turn(two_cores, monkeypatch):
    assert parallel.available({})
    assert not parallel.available({"concurrent": False})
    with monkeypatch.context() as patch:
        patch.setattr(parallel.os, "sched_getaffinity", lambda pid: {0})
        assert not parallel.available({})
    with monkeypatch.context() as patch:
        patch.setattr(parallel.sys, "platform", "darwin")
        assert not parallel.available({})
    with monkeypatch.context() as patch:
        patch.setattr(parallel, "_threads", lambda: 2)    # a library's thread
        assert not parallel.available({})
    assert parallel._threads() == 1
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not parallel.available({})
        build(LETTER, ("docx", "pdf"))
    finally:
        stop.set()
        thread.join()
    assert not two_cores


def test_files_rendered_side_by_side_do_not_fork_again(two_cores, tmp_path):
    from palais.cli import _render_one
    result, code, lines, _ = _render_one(str(LETTER), {"formats": ("docx", "pdf"),
                                                       "out_dir": str(tmp_path), "options": {}})
    assert code == 0 and not lines
    assert (tmp_path / "ga-letter-lima-2013.docx").is_file()
    assert not two_cores


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="forks on Linux only")
def test_what_the_helper_does_is_imported_there_only(tmp_path):
    import subprocess
    import sys
    program = ("import os, sys; os.sched_getaffinity = lambda pid: {0, 1}; "
               "from palais import render; "
               f"render({str(LETTER)!r}, formats=('docx', 'pdf'), out_dir={str(tmp_path)!r}); "
               "print(sorted(m for m in ('docx', 'jinja2', 'cerberus', 'yaml', 'reportlab') "
               "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "['reportlab']"
    assert (tmp_path / "ga-letter-lima-2013.docx").stat().st_size > 0


def test_the_command_starts_the_helper_before_it_loads_the_pdf_writer(tmp_path):
    # --format is checked by name: loading reportlab first would hold the helper back
    import subprocess
    import sys
    program = ("import os, sys; os.sched_getaffinity = lambda pid: {0, 1}; "
               "from palais import parallel; from palais.cli import main; "
               "start = parallel.Helper.__init__; "
               "parallel.Helper.__init__ = lambda self, *a: (print('reportlab' in sys.modules), "
               "start(self, *a))[1]; "
               f"sys.exit(main(['render', {str(LETTER)!r}, '--format', 'pdf', '--out', "
               f"{str(tmp_path)!r}, '--quiet']))")
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert (run.returncode, run.stdout.strip()) == (0, "False"), run.stderr
    assert (tmp_path / "ga-letter-lima-2013.pdf").stat().st_size > 0


def test_a_style_sheet_with_a_problem_is_reported_as_in_one_process(two_cores, tmp_path):
    # The helper reads the style sheet as soon as it knows the kind, for the PDF
    # writer to load its fonts early; a problem is still reported where one process
    # reports it: after the meeting file's own mistakes.
    import shutil

    from palais.errors import StyleError, ValidationError
    templates = shutil.copytree(EXAMPLES / "custom-kind" / "templates", tmp_path / "templates")
    (templates / "styles" / "un-newyork.yaml").write_text(
        "extends: un-newyork\nstyles:\n  Signature: {space-befor: 30pt}\n", encoding="utf-8")
    meeting = EXAMPLES / "custom-kind" / "meeting.yaml"
    bad = tmp_path / "bad.yaml"
    bad.write_text(meeting.read_text(encoding="utf-8").replace("language: en", "language: xx", 1),
                   encoding="utf-8")
    for path, error in ((meeting, StyleError), (bad, ValidationError)):
        messages = []
        for concurrent in (True, False):
            with pytest.raises(error) as caught:
                build(path, ("docx", "pdf"), template_dirs=[templates],
                      options={"concurrent": concurrent})
            messages.append(str(caught.value))
        assert messages[0] == messages[1]
        assert ("space-befor" in messages[0]) == (error is StyleError)
    assert len(two_cores) == 2
    _no_child_left()


EVERY_EXAMPLE = sorted(p for p in EXAMPLES.rglob("*.yaml") if "custom-kind" not in p.parts)


def _recording(monkeypatch):
    """Record here, in order, the blocks given to the PDF writer's story (as (section
    index, how many)), the plan's arrival, and whether the layout took the story
    begun."""
    events, parent = [], os.getpid()
    real_add, real_plan, real_fed = PdfWriter.add_blocks, parallel.Helper.plan, \
        PdfWriter._fed_with

    def add(self, index, head, blocks):
        if os.getpid() == parent:
            events.append((index, len(blocks)))
        return real_add(self, index, head, blocks)

    def plan(self, *args, **kwargs):
        got = real_plan(self, *args, **kwargs)
        events.append("plan")
        return got

    def fed(self, document):
        taken = real_fed(self, document)
        events.append("story begun" if taken else "story made afresh")
        return taken
    monkeypatch.setattr(PdfWriter, "add_blocks", add)
    monkeypatch.setattr(parallel.Helper, "plan", plan)
    monkeypatch.setattr(PdfWriter, "_fed_with", fed)
    return events


def _blocks_given(events) -> dict:
    """section index -> how many of its blocks ``events`` gave, before the plan came."""
    given = {}
    for event in events[:events.index("plan")]:
        given[event[0]] = given.get(event[0], 0) + event[1]
    return given


@pytest.mark.parametrize("path, formats", [(REPORT, ("pdf",)), (REPORT, ("docx", "pdf", "html")),
                                           (LETTER, ("pdf", "docx"))])
def test_the_pdf_story_is_begun_with_each_section_the_helper_reads(two_cores, monkeypatch, path,
                                                                   formats):
    events = _recording(monkeypatch)
    alongside = build(path, formats)
    sections = alongside.document.sections
    # every block was set here, in order, before the helper had finished composing,
    # a long section in several parts; the layout took that story, the contents'
    # lines filled in at its end
    assert events[-2:] == ["plan", "story begun"]
    indexes = [event[0] for event in events[:-2]]
    assert indexes == sorted(indexes)
    assert _blocks_given(events) == {i: len(s.blocks) for i, s in enumerate(sections)}
    if path == REPORT:
        assert len(indexes) > len(sections)
    monkeypatch.undo()
    in_turn = build(path, formats, options={"concurrent": False})
    assert alongside.files == in_turn.files and alongside.warnings == in_turn.warnings
    assert alongside.document == in_turn.document
    _no_child_left()


@pytest.mark.parametrize("path", EVERY_EXAMPLE, ids=lambda p: p.stem)
def test_every_example_comes_out_alike_its_story_begun_or_not(two_cores, monkeypatch, path):
    # Some are read again once whole (a cross-reference, end notes): their story is
    # then made afresh from the document, whatever was begun.
    events = _recording(monkeypatch)
    alongside = build(path, ("pdf",))
    after = events[events.index("plan") + 1:]
    assert after[0] in ("story begun", "story made afresh")
    assert after[0] == "story begun" or \
        after[1:] == [(i, len(s.blocks)) for i, s in enumerate(alongside.document.sections)]
    monkeypatch.undo()
    in_turn = build(path, ("pdf",), options={"concurrent": False})
    assert alongside.files == in_turn.files and alongside.warnings == in_turn.warnings
    _no_child_left()


def test_a_helper_that_dies_between_sections_leaves_the_work_here(two_cores, monkeypatch):
    from palais import typography
    parent, real = os.getpid(), typography.Typesetter.part
    told = []

    def dying(self, *args):
        told.append(args)
        if os.getpid() != parent and len(told) == 8:
            os._exit(3)
        return real(self, *args)
    monkeypatch.setattr(typography.Typesetter, "part", dying)
    events = _recording(monkeypatch)
    alongside = build(REPORT, ("pdf",))
    # blocks had come when the helper died: the story is made again, here, whole
    plan = events.index("plan")
    assert 0 < plan < len(events) - 1 and events[plan + 1] == "story made afresh"
    monkeypatch.undo()
    assert alongside.files == build(REPORT, ("pdf",), options={"concurrent": False}).files
    _no_child_left()


def test_a_story_that_fails_here_as_it_is_begun_is_made_again(two_cores, monkeypatch):
    real, calls = PdfWriter.add_blocks, []

    def failing(self, index, head, blocks):
        calls.append(index)
        if len(calls) == 3:
            raise RuntimeError("broken while the helper reads")
        return real(self, index, head, blocks)
    monkeypatch.setattr(PdfWriter, "add_blocks", failing)
    alongside = build(REPORT, ("pdf",))
    # made once more, whole, section by section
    assert calls[-len(alongside.document.sections):] == list(range(len(alongside.document.sections)))
    monkeypatch.undo()
    assert alongside.files == build(REPORT, ("pdf",), options={"concurrent": False}).files
    _no_child_left()


@pytest.mark.parametrize("off", [0, 40], ids=["frame width", "another width"])
def test_while_the_helper_reads_this_process_breaks_lines_ahead(two_cores, monkeypatch, off):
    from palais import typography
    from palais.writers.pdf import blocks
    # here, only the lines this process breaks while it waits (not the helper's own)
    monkeypatch.setattr(parallel.Helper, "lines", lambda self: None)
    parent, real_part = os.getpid(), typography.Typesetter.part

    def slow(self, *args):                 # a helper slower than this process
        if os.getpid() != parent:
            import time
            time.sleep(0.002)
        return real_part(self, *args)
    monkeypatch.setattr(typography.Typesetter, "part", slow)
    ahead, found = [], []
    real_ahead, real_wrap = blocks.Paragraph.wrap_early, blocks.Paragraph.wrap

    def early(self, width):
        ahead.append(width - off)
        return real_ahead(self, width - off)   # off: a width the layout gives none

    def wrap(self, width, height):
        if "_before_early_wrap" in vars(self):
            found.append(self._wrapped[0] == width)
        return real_wrap(self, width, height)
    monkeypatch.setattr(blocks.Paragraph, "wrap_early", early)
    monkeypatch.setattr(blocks.Paragraph, "wrap", wrap)
    alongside = build(REPORT, ("pdf",))
    assert len(ahead) > 20 and len(found) == len(ahead)
    assert all(found) if not off else not any(found)
    monkeypatch.undo()
    assert alongside.files == build(REPORT, ("pdf",), options={"concurrent": False}).files
    _no_child_left()


@pytest.mark.parametrize("dies", [None, "at once", "halfway"])
def test_a_pdf_alone_has_its_pages_compressed_by_the_helper(two_cores, monkeypatch, dies):
    import zlib
    monkeypatch.setattr(parallel.Helper, "lines", lambda self: None)   # it only compresses
    parent, real_compress = os.getpid(), zlib.compress
    compressed = []                        # in each process, those it compressed

    def compress(data, *args):
        if os.getpid() != parent and dies and (dies == "at once" or len(compressed) == 10):
            os._exit(3)                    # killed while it compresses
        compressed.append(data)
        return real_compress(data, *args)
    monkeypatch.setattr(zlib, "compress", compress)
    sent, taken = [], []
    real_send, real_taken = parallel.Streams.send, parallel.Streams.compressed

    def send(self, stream):
        sent.append(stream)
        return real_send(self, stream)

    def taking(self, stream):
        got = real_taken(self, stream)
        taken.append(got is not None)
        return got
    monkeypatch.setattr(parallel.Streams, "send", send)
    monkeypatch.setattr(parallel.Streams, "compressed", taking)
    alongside = build(REPORT, ("pdf",))
    pages = alongside.files["pdf"].count(b"/Type /Page\n")
    assert len(sent) == pages > 50
    # every page's stream came back from the helper; the rest (fonts, forms) here
    assert taken.count(True) == (0 if dies else pages) and len(taken) > pages
    monkeypatch.undo()
    assert alongside.files == build(REPORT, ("pdf",), options={"concurrent": False}).files
    _no_child_left()


def test_pages_a_busy_helper_has_no_room_for_are_compressed_here(two_cores, monkeypatch):
    # the layout never waits for the helper to read a page
    real_room, asked = parallel._has_room, []

    def room(pipe, size):
        asked.append(size)
        return len(asked) % 2 == 0 and real_room(pipe, size)
    monkeypatch.setattr(parallel, "_has_room", room)
    alongside = build(REPORT, ("pdf",))
    assert len(asked) > 50
    monkeypatch.undo()
    assert alongside.files == build(REPORT, ("pdf",), options={"concurrent": False}).files
    _no_child_left()


def test_the_room_in_a_pipe_is_what_its_reader_has_not_read():
    import fcntl
    read_end, write_end = os.pipe()
    try:
        size = fcntl.fcntl(write_end, getattr(fcntl, "F_GETPIPE_SZ", 1032))
        assert parallel._has_room(write_end, size)
        os.write(write_end, b"x" * 1000)
        assert parallel._has_room(write_end, size - 1000)
        assert not parallel._has_room(write_end, size - 999)
        os.read(read_end, 1000)
        assert parallel._has_room(write_end, size)
    finally:
        os.close(read_end)
        os.close(write_end)


def test_a_build_with_a_docx_compresses_its_pages_here(two_cores, monkeypatch):
    sent = []
    monkeypatch.setattr(parallel.Streams, "send", lambda self, stream: sent.append(stream))
    build(LETTER, ("pdf", "docx"))
    assert two_cores and not sent
    _no_child_left()


def _taking(monkeypatch, patient=True):
    """Count the paragraphs given the helper's lines, in this process; ``patient``:
    let the layout wait, before its first flowable, until the helper has sent some,
    and lay out slowly after, break nothing while it waits for the helper's
    sections: a helper that keeps ahead of it, however busy the machine."""
    import time
    from palais.writers.pdf import blocks
    taken, real_take, real_taker = [], blocks.Paragraph.take_lines, PdfWriter._lines_taker

    def take(self, width, lines):
        took = real_take(self, width, lines)
        taken.append(took)
        return took

    def taker(self, notes):
        take_now = real_taker(self, notes)
        if take_now is None or not patient:
            return take_now
        waited = []

        def waiting_once():
            if not waited:
                waited.append(True)
                reader, until = self.lines._helper._reader, time.monotonic() + 60
                while not reader.waiting() and time.monotonic() < until:
                    time.sleep(0.005)
            time.sleep(0.0005)
            take_now()
        return waiting_once
    monkeypatch.setattr(blocks.Paragraph, "take_lines", take)
    monkeypatch.setattr(PdfWriter, "_lines_taker", taker)
    if patient:
        import palais
        monkeypatch.setattr(palais._Story, "meanwhile", lambda self: False)
    return taken


def test_a_pdf_alone_has_lines_broken_by_the_helper_ahead_of_the_layout(two_cores,
                                                                        monkeypatch):
    told, real_tell = [], parallel.Lines.tell
    monkeypatch.setattr(parallel.Lines, "tell", lambda self, at: (told.append(at),
                                                                  real_tell(self, at)))
    taken = _taking(monkeypatch)
    alongside = build(REPORT, ("pdf",))
    # a helper ahead of the layout: its lines taken, for the paragraphs and notes
    # after its first ones; the layout said how far it had come as it went
    # (a few the layout wrapped first, to keep a heading with what follows it)
    assert taken.count(True) > 500 and taken.count(False) < taken.count(True) / 20
    assert told and told == sorted(told)
    monkeypatch.undo()
    in_turn = build(REPORT, ("pdf",), options={"concurrent": False})
    assert alongside.files == in_turn.files and alongside.warnings == in_turn.warnings
    _no_child_left()


def test_the_helper_does_what_the_layout_asks_between_two_paragraphs():
    import zlib
    said, done, told = [], [], {"at": 0, "taken": 0}
    assert parallel._served(("zlib", "BT (é) Tj ET"), done, said.append, told)
    assert parallel._served(("at", 120, 4096), done, said.append, told)
    assert told == {"at": 120, "taken": 4096} and not said
    assert not parallel._served(("zlib done",), done, lambda *word: said.append(word), told)
    assert said == [("zlib", (zlib.compress("BT (é) Tj ET".encode("utf8")),))]
    assert not parallel._served(("something else",), done, said.append, told)
    assert not parallel._served(None, done, said.append, told)


def test_lines_the_pipe_has_no_room_for_are_broken_here(two_cores, monkeypatch):
    # a helper never waits for this process to read: with no room, it sends none
    monkeypatch.setattr(parallel, "_pipe_size", lambda pipe: 1)
    taken = _taking(monkeypatch, patient=False)
    alongside = build(REPORT, ("pdf",))
    assert taken == []
    monkeypatch.undo()
    assert alongside.files == build(REPORT, ("pdf",), options={"concurrent": False}).files
    _no_child_left()


@pytest.mark.parametrize("fails", ["raises", "dies", "another paragraph"])
def test_a_helper_that_fails_breaking_leaves_the_lines_here(two_cores, monkeypatch, fails):
    from palais.writers.pdf import blocks, writer
    parent, real_lines, real_key = os.getpid(), blocks.Paragraph.early_lines, writer._line_key
    calls = []

    def early_lines(self):
        if os.getpid() != parent:
            calls.append(None)
            if fails == "raises" and len(calls) == 1:
                raise RuntimeError("a bug in the helper")
            if fails == "dies" and len(calls) == 20:
                os._exit(3)          # two batches of eight sent, ahead of the layout
        return real_lines(self)

    def key(paragraph):               # the helper's paragraphs not those made here
        made_here = os.getpid() == parent or fails != "another paragraph"
        return real_key(paragraph) if made_here else -1
    monkeypatch.setattr(blocks.Paragraph, "early_lines", early_lines)
    monkeypatch.setattr(writer, "_line_key", key)
    taken = _taking(monkeypatch, patient=fails != "raises")
    alongside = build(REPORT, ("pdf",))
    assert taken.count(True) == (16 if fails == "dies" else 0)
    monkeypatch.undo()
    in_turn = build(REPORT, ("pdf",), options={"concurrent": False})
    assert alongside.files == in_turn.files and alongside.warnings == in_turn.warnings
    _no_child_left()


def _lines(paragraph) -> list:
    """Return the lines a paragraph has broken: their spare room and words."""
    found = paragraph.blPara
    if found.kind == 0:
        return list(found.lines)
    return [(line.extraSpace, [(word.text, word.fontName, word.fontSize) for word in line.words])
            for line in found.lines]


def _layout(sent, at=(0, -8)):
    """Return a ``serve`` for PdfWriter.lines_ahead in one process: the layout stays
    at ``at``, and when waited for, comes to the last of the places ``sent``, less
    what it leaves the helper ahead of it."""
    from palais.writers.pdf import writer
    place = [at]

    def serve(wait=False):
        if wait:
            section, ordinal = max(first for first, *_ in sent if first is not None)
            place[0] = (section, ordinal + 1 - writer._LINES_AHEAD)
        return place[0]
    return serve


def test_lines_broken_for_a_paragraph_made_alike_are_its_own():
    # in one process: the lines of a story broken section by section, and of its
    # notes, taken by another story made of the same document, are those that story
    # breaks itself
    import pickle

    from palais import _compose
    from palais.writers.pdf.inline import is_footnote
    from palais.writers.pdf.writer import _line_key
    _, document, sheet, _ = _compose(REPORT)
    sent = []
    helper = PdfWriter(sheet, {})
    assert helper.lines_ahead(document, lambda first, last, lines: sent.append(
        (first, last, pickle.loads(lines))) or True, _layout(sent))
    places = [place for _, _, batch in sent for place, *_ in batch]
    in_frame = [place for place in places if not isinstance(place, str)]
    assert in_frame == sorted(in_frame) and len(in_frame) > 500
    assert all(first <= place <= last for first, last, batch in sent
               for place, *_ in batch if not isinstance(place, str))

    here, alone = PdfWriter(sheet, {}), PdfWriter(sheet, {})
    for writer in (here, alone):
        writer.begin(document.meta)
        for section in document.sections:
            writer.add_section(section)
    called = [note for note in document.notes if is_footnote(note) and note.id in here._called]
    # the notes called in the text (not in tables, whose flowables it does not make)
    notes_sent = [place for place in places if isinstance(place, str)]
    assert len(notes_sent) == len(set(notes_sent)) > 40
    assert set(notes_sent) <= {note.id for note in called}
    notes_here = {note.id: here._note(note) for note in called}
    notes_alone = {note.id: alone._note(note) for note in called}

    def at(writer, notes, place):
        if isinstance(place, str):
            return notes[place]
        section, ordinal = place
        return writer._in_frame[writer._section_starts[section] + ordinal]
    width = sheet.page.frame_width.pt
    for _, _, batch in sent:
        for place, key, at_width, lines in batch:
            paragraph = at(here, notes_here, place)
            assert at_width == width and _line_key(paragraph) == key, place
            assert paragraph.take_lines(width, lines)
            assert not paragraph.take_lines(width, lines)         # once only
    assert len(in_frame) == len(here._in_frame)
    for place in places:
        mine, own = at(here, notes_here, place), at(alone, notes_alone, place)
        assert mine.wrap(width, 10 ** 6) == own.wrap(width, 10 ** 6)
        assert _lines(mine) == _lines(own)
    # laid out at another width, a paragraph is first put back as it was made
    some, its_own = at(here, notes_here, in_frame[0]), at(alone, notes_alone, in_frame[0])
    assert some.wrap(width - 40, 10 ** 6) == its_own.wrap(width - 40, 10 ** 6)
    assert _lines(some) == _lines(its_own)

    # a helper told where the layout is goes on from a little further; told to
    # stop, it stops
    sent.clear()
    assert PdfWriter(sheet, {}).lines_ahead(
        document, lambda *batch: sent.append(batch) or True, _layout(sent, (12, 2)))
    assert min(first for first, _, _ in sent if first is not None) == \
        min(place for place in in_frame if place >= (12, 2 + 8))
    sent.clear()
    asked = []
    assert not PdfWriter(sheet, {}).lines_ahead(
        document, lambda *batch: sent.append(batch) or True,
        lambda wait=False: (asked.append(None), (0, 0) if len(asked) < 100 else None)[1])
    assert len(asked) == 100 and 0 < len(sent) < 100 // 8


def test_the_helper_holds_so_many_lines_ahead_of_the_layout_at_most(monkeypatch):
    # the layout keeps the lines sent until it sets them: the helper then waits
    import pickle

    from palais import _compose
    from palais.writers.pdf import writer
    monkeypatch.setattr(writer, "_LINES_HELD", 40)
    _, document, sheet, _ = _compose(REPORT)
    sent, waited = [], []
    serve = _layout(sent)

    def waiting(wait=False):
        if wait:
            held = [place for first, last, batch in sent for place, *_ in pickle.loads(batch)
                    if not isinstance(place, str) and place >= serve()]
            waited.append(len(held))
        return serve(wait)
    assert PdfWriter(sheet, {}).lines_ahead(
        document, lambda first, last, lines: sent.append((first, last, lines)) or True, waiting)
    assert len(waited) > 10 and all(40 <= held < 40 + 8 for held in waited)
    places = [place for _, _, batch in sent for place, *_ in pickle.loads(batch)
              if not isinstance(place, str)]
    assert places == sorted(places) and len(places) == len(set(places)) > 500
