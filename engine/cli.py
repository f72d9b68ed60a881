"""Command line -> pipeline calls; the only module that prints or exits."""
from __future__ import annotations

import argparse
import datetime
import gc
import os
import sys
import tempfile
import traceback
from pathlib import Path

from . import __version__
from .deferred import import_whole, modules_when_used
from .errors import EngineError, UsageError, ValidationError

EPILOG = """exit codes: 0 done, 1 a bug in Palais, 2 a mistake in the input or the
command line, 3 a broken template or style sheet."""


class _Parser(argparse.ArgumentParser):
    argv: list = []               # the arguments being parsed, for hints

    def error(self, message):
        raise UsageError(message + _dash_hint(_Parser.argv))


def _dash_hint(argv) -> str:
    """Point at a file whose name starts with "-", which argparse takes for an option."""
    dashed = [a for a in argv if a.startswith("-") and a.endswith((".yaml", ".yml"))]
    return (f"; to name the file {dashed[0]!r}, write ./{dashed[0]} or put -- before it"
            if dashed else "")


def _add_common(command) -> None:
    command.add_argument("--template-dir", action="append", default=[], metavar="DIR",
                         help="look for templates here first, and in its styles/, labels/, "
                              "reports/ and schemas/ for the rest")
    command.add_argument("--max-size", type=float, default=20, metavar="MB",
                         help="refuse input files larger than this (default: 20)")


def _add_talk(command) -> None:
    talk = command.add_mutually_exclusive_group()
    talk.add_argument("--quiet", "-q", action="store_true",
                      help="print only warnings and errors: no progress, no wrote lines")
    talk.add_argument("--verbose", "-v", action="store_true",
                      help="say also how long each file took and how it was laid out")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="palais", description="Assemble UN and IOM meeting documents "
                     "(DOCX, PDF) from a YAML description of the meeting.", epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"palais {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("validate", help="check meeting files; write nothing",
                                description="Check meeting files against their report's "
                                "schema and templates; report every problem; write nothing.",
                                epilog=EPILOG)
    check.add_argument("files", nargs="+", metavar="FILE")
    _add_common(check)

    preflight = commands.add_parser(
        "check", help="an editorial preflight: what to look at before a file goes out",
        description="Check meeting files against the UN's editorial rules, without "
        "rendering: the word count (notes included) against the kind's limit, agenda items "
        "and annexes the text names, signature words, an annex's original language, the "
        "order of dates, the symbol, per cent, note calls and punctuation. Each finding is "
        "a line file:line:col: warning [code]: message.", epilog=EPILOG)
    preflight.add_argument("files", nargs="+", metavar="FILE")
    preflight.add_argument("--format", choices=("text", "json"), default="text",
                           help="text (default), or json for scripts")
    preflight.add_argument("--strict", action="store_true",
                           help="exit 1 when there is a finding")
    _add_common(preflight)

    render = commands.add_parser("render", help="write DOCX, PDF or HTML for meeting files",
                                 description="Render meeting files. Outputs are named after "
                                 "each input file's stem.", epilog=EPILOG)
    render.add_argument("files", nargs="+", metavar="FILE")
    render.add_argument("--format", default=None,
                        help="comma-separated formats: docx, pdf, html (default: the "
                             "document kind's; docx,pdf for letters, notes and reports)")
    render.add_argument("--out", default="out", metavar="DIR", help="output folder (default: out/)")
    render.add_argument("--annex", metavar="N", help="render annex N alone, as <stem>-annex-N")
    _add_common(render)
    render.add_argument("--strict", action="store_true",
                        help="treat warnings as errors: nothing is written when there is one")
    render.add_argument("--pdfa", action="store_true",
                        help="the PDF must be PDF/A-2b: a font that cannot be embedded is an "
                             "error (without it, such a PDF is written, claiming no PDF/A)")
    render.add_argument("--watch", action="store_true",
                        help="render again whenever a file, what it includes or a template "
                             "folder changes, until Ctrl-C")
    render.add_argument("--jobs", type=int, default=1, metavar="N",
                        help="render N files at a time, in processes of their own (default: "
                             "1); the outputs are the same as one at a time")
    _add_talk(render)

    preview = commands.add_parser("preview", help="show a meeting file as a web page that "
                                  "follows its edits",
                                  description="Serve the document as HTML on 127.0.0.1, "
                                  "rendered again and reloaded in the browser on every save; "
                                  "a mistake shows in the page. Ctrl-C stops.", epilog=EPILOG)
    preview.add_argument("file", metavar="FILE")
    preview.add_argument("--port", type=int, default=8000,
                         help="port on 127.0.0.1 (default: 8000; 0: any free port)")
    _add_common(preview)

    compare = commands.add_parser(
        "compare", help="show what changed between two drafts, as tracked changes",
        description="Compare two drafts of a meeting file and write the new one with every "
        "change as a revision: <new>-changes.docx with Word's tracked changes (accept or "
        "reject them in Word) and <new>-changes.pdf, a redline. OLD may be REV:PATH, read "
        "from git (HEAD~1:meeting.yaml).", epilog=EPILOG)
    compare.add_argument("old", metavar="OLD")
    compare.add_argument("new", metavar="NEW")
    compare.add_argument("--out", default="out", metavar="DIR", help="output folder (default: out/)")
    compare.add_argument("--format", default="docx,pdf",
                         help="comma-separated formats: docx, pdf, html (default: docx,pdf)")
    compare.add_argument("--author", metavar="NAME",
                         help="whom Word names for the changes (default: the issuing organ, "
                              "else Palais)")
    compare.add_argument("--check", action="store_true",
                         help="write nothing; exit 1 when the drafts differ, 0 when not")
    _add_common(compare)

    schema = commands.add_parser(
        "schema", help="print the JSON Schema of a document kind's meeting files, for editors",
        description="Print a JSON Schema (draft 2020-12) of the meeting files of KIND, or of "
        "any kind: an editor given it (the YAML language server: a first line "
        "'# yaml-language-server: $schema=FILE') completes keys, shows what they mean and "
        "underlines mistakes as you type.", epilog=EPILOG)
    schema.add_argument("kind", nargs="?", metavar="KIND",
                        help="a report kind (ga-letter, ga-note, ga-report, "
                             "iom-summary-report, meeting-page); none: every kind")
    schema.add_argument("--template-dir", action="append", default=[], metavar="DIR",
                        help="the folders of your own kinds and schemas, as for render")

    show_t = commands.add_parser("print-default-template",
                                 help="print a built-in template, to start an override")
    show_t.add_argument("name", help="e.g. ga-letter.xml.j2 or un.xml.j2")
    show_s = commands.add_parser("print-default-style",
                                 help="print a built-in style sheet, to start an override")
    show_s.add_argument("name", help="e.g. un-newyork")
    show_l = commands.add_parser("print-default-labels",
                                 help="print the built-in words of a language, to start an override")
    show_l.add_argument("name", metavar="LANG", help="e.g. en")
    return parser


def main(argv=None, stdout=None, stderr=None) -> int:
    """Run the command line ``argv``; return the exit code."""
    stdout = _Output(sys.stdout if stdout is None else stdout)
    stderr = _Output(sys.stderr if stderr is None else stderr)
    try:
        parser = build_parser()
        _Parser.argv = list(sys.argv[1:] if argv is None else argv)
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:          # --help and --version print and exit 0
            return int(exc.code or 0)
        if args.command is None:
            parser.print_help(stdout)
            return 2
        try:
            os.getcwd()
        except OSError:
            # Relative names (the default out/ among them) would mean nothing, and
            # reportlab reads the folder as it is imported.
            print("palais: the current folder no longer exists (it was deleted or moved "
                  "while in use); change to a folder that exists and run again", file=stderr)
            return 2
        return _COMMANDS[args.command](args, stdout, stderr)
    except EngineError as exc:
        print(f"palais: {exc}", file=stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("palais: interrupted", file=stderr)
        return 130
    except Exception:  # a bug: one line for the user, the traceback in a file
        print(_crash_line(traceback.format_exc()), file=stderr)
        return 1


class _Output:
    """A command's standard output or error, whose reader may stop reading before the
    command ends (``palais compare … | grep -q``, ``| head``): what it no longer reads
    is dropped, and the command does all its work and ends with its own exit code.
    A stream closed before the command began (``>&-``) is None: nothing is said."""

    def __init__(self, stream):
        self._stream = stream
        self.gone = stream is None

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                return self._stream.write(text)
            except OSError:             # a broken pipe; a stream that cannot be written
                self.gone = True
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._stream.flush()
            except OSError:
                self.gone = True

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _crash_line(details: str) -> str:
    """Keep ``details`` (a traceback) in a new private file; return the line to print."""
    report = f"palais {__version__} {datetime.datetime.now().isoformat()}\n" + details
    try:
        # A new file of its own (O_EXCL, mode 0600): never one planted in its place.
        handle, crash = tempfile.mkstemp(prefix="palais-crash-", suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(report)
        where = f"the details are in {crash}. Please report it with that file."
    except OSError:
        where = "no file could hold the details. Please report it."
    return f"palais: internal error (a bug in Palais); {where}"


def _each_file(args, stderr, action) -> int:
    worst = 0
    for index, name in enumerate(args.files):
        if index:
            collect_between()
        try:
            action(name)
        except EngineError as exc:
            print("\n".join(failure_lines(name, exc)), file=stderr)
            worst = max(worst, exc.exit_code)
    return worst


def failure_lines(name, exc) -> list:
    """Return the lines the command prints for ``exc``, a failure of input ``name``: each
    problem at its place, then what came of it."""
    problems = getattr(exc, "problems", None)
    if isinstance(exc, ValidationError) or (problems and len(problems) > 1):
        return str(exc).splitlines() + [f"palais: {name}: {len(problems)} problem"
                                        f"{'s' if len(problems) != 1 else ''}; nothing written"]
    # a message that does not begin with a place says which input it is of
    text = str(exc)
    where = "" if text.startswith(str(name)) or ":" in text.split(" ", 1)[0] else f"{name}: "
    return [f"palais: {where}{text}"]


def _formats(text: str) -> list:
    """Return the formats of a --format value; an unknown one fails before anything is read."""
    from .writers import WRITERS, get_writer

    # "PDF" is pdf, and a format named twice is written once
    formats = list(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    if not formats:
        raise UsageError(f"--format {text!r}: name at least one format "
                         f"({', '.join(sorted(WRITERS))})")
    for fmt in formats:
        if fmt not in WRITERS:
            get_writer(fmt)          # says which formats there are; a known one is not imported
    return formats


def _settings(args) -> dict:
    """Check the options every command shares; return them as keyword arguments."""
    for folder in args.template_dir:
        if not Path(folder).is_dir():
            raise UsageError(f"--template-dir {folder}: no such folder")
    if not 0 < args.max_size <= 4096:
        raise UsageError(f"--max-size {args.max_size:g}: give a size in MB, above 0 "
                         "and at most 4096")
    return {"template_dirs": args.template_dir, "max_bytes": int(args.max_size * 1024 * 1024)}


def cmd_validate(args, stdout, stderr) -> int:
    """Run every stage, the writers included, and write nothing."""
    from . import build

    settings = _settings(args)

    def check(name):
        result = build(name, **settings)
        for code, message in result.warnings:
            _warn(stderr, name, code, message)
        print(f"{name}: valid", file=stdout)

    return _each_file(args, stderr, check)


def cmd_check(args, stdout, stderr) -> int:
    """Print each file's findings and word count; 1 with --strict and a finding."""
    import json

    from .preflight import check

    settings = _settings(args)
    results = []

    def run(name):
        result = check(name, **settings)
        results.append(result)
        if args.format == "text":
            for finding in result.findings:
                print(finding, file=stdout)
            limit = f"limit {result.limit:,}" if result.limit else "no limit for its kind"
            count = f"{len(result.findings)} finding{'s' if len(result.findings) != 1 else ''}"
            print(f"{name}: {result.words:,} words, notes included ({limit}); {count}",
                  file=stdout, flush=True)

    worst = _each_file(args, stderr, run)
    if args.format == "json":
        json.dump([r.as_dict() for r in results], stdout, ensure_ascii=False, indent=2)
        stdout.write("\n")
    if worst:
        return worst
    return 1 if args.strict and any(r.findings for r in results) else 0


def cmd_render(args, stdout, stderr) -> int:
    from . import render
    from .output import check_targets
    from .writers import WRITERS

    formats = None if args.format is None else _formats(args.format)   # None: the kind's own
    settings = _settings(args)
    if not 1 <= args.jobs <= 64:
        raise UsageError(f"--jobs {args.jobs}: give a number of processes from 1 to 64")
    # Before anything is rendered: no two inputs onto one output, no output onto an input
    # (whatever formats the kinds write).
    check_targets(args.files, args.out, formats or sorted(WRITERS), args.annex)
    kwargs = dict(formats=formats, out_dir=args.out, annex=args.annex, strict=args.strict,
                  options={"pdfa": True} if args.pdfa else {}, **settings)
    progress = _Progress(stderr, len(args.files), args.quiet)

    def report(name, result, seconds):
        for code, message in result.warnings:
            _warn(stderr, name, code, message)
        if args.verbose:
            print(f"palais: {name}: {seconds:.2f} s; {_how(result)}", file=stderr)
        if not args.quiet:
            for target in result.outputs:
                print(f"wrote {target}", file=stdout, flush=True)

    def run(name):
        import time
        started = time.perf_counter()
        progress.start(name)
        try:
            result = render(name, **{**kwargs, "options": {**kwargs["options"],
                                                           "progress": progress}})
        finally:
            progress.finish()
        report(name, result, time.perf_counter() - started)

    if args.jobs > 1 and len(args.files) > 1 and not args.watch:
        return _render_in_parallel(args, kwargs, stdout, stderr, report, progress)
    worst = _each_file(args, stderr, run)
    if not args.watch:
        return worst
    return _watch(args, stdout, stderr, run, settings)


def _how(result) -> str:
    """Say how a render was laid out, for --verbose."""
    parts = [f"{result.layouts} PDF layout{'s' if result.layouts != 1 else ''}"]
    if result.page_map:
        parts.append(f"page map {result.page_map}")
    return ", ".join(parts)


class _Progress:
    """What a long run shows on a terminal, on one line of standard error that it
    rewrites: the file ([3/18] in a batch), then what is being done (the PDF's page).
    Nothing when standard error is no terminal, or with --quiet."""

    def __init__(self, stream, total: int, quiet: bool = False):
        isatty = getattr(stream, "isatty", None)
        self.on = bool(isatty and isatty()) and not quiet and os.environ.get("TERM") != "dumb"
        self.stream, self.total, self.done, self.name = stream, total, 0, ""

    def start(self, name) -> None:
        self.name = str(name)
        self._show("reading")

    def __call__(self, stage: str, count: int) -> None:
        words = {"compose": "reading", "pdf": f"PDF, page {count}", "docx": "DOCX"}
        self._show(words.get(stage, stage))

    def finish(self) -> None:
        self.done += 1
        if self.on:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def _show(self, text: str) -> None:
        if not self.on:
            return
        batch = f"[{self.done + 1}/{self.total}] " if self.total > 1 else ""
        self.stream.write(f"\r\x1b[K{batch}{self.name}: {text}")
        self.stream.flush()


def _render_one(name, kwargs):
    """Render one file in a worker process; return what the parent prints. Errors come
    back as their lines: an error object may not survive the trip between processes."""
    import time

    from . import render
    collect_between()                      # what the worker's last file left
    started = time.perf_counter()
    try:
        # the files already share the cores: no second process per file
        result = render(name, **{**kwargs, "options": {**kwargs["options"],
                                                       "concurrent": False}})
    except EngineError as exc:
        return None, exc.exit_code, failure_lines(name, exc), 0.0
    except Exception:  # a bug, reported as the parent reports its own
        return None, 1, [_crash_line(traceback.format_exc())], 0.0
    result.files, result.document = {}, None          # what the parent needs, not the bytes
    return result, 0, [], time.perf_counter() - started


def _render_in_parallel(args, kwargs, stdout, stderr, report, progress) -> int:
    """Render the files ``args.jobs`` at a time; print each file's lines in the order
    of the command line, as a run one at a time does. Each file is written all or
    nothing, by its own process."""
    from concurrent.futures import ProcessPoolExecutor

    worst = 0
    with ProcessPoolExecutor(max_workers=min(args.jobs, len(args.files))) as pool:
        futures = [pool.submit(_render_one, name, kwargs) for name in args.files]
        try:
            for name, future in zip(args.files, futures):
                progress.start(name)
                result, code, lines, seconds = future.result()
                progress.finish()
                if lines:
                    print("\n".join(lines), file=stderr)
                    worst = max(worst, code)
                else:
                    report(name, result, seconds)
        except KeyboardInterrupt:
            pool.shutdown(cancel_futures=True)
            raise
    return worst


def _watch(args, stdout, stderr, run, settings) -> int:
    """Render each file again when one of its sources changes, until Ctrl-C."""
    import time

    from .watch import POLL_SECONDS, Watcher
    watchers = {name: Watcher(name, settings["template_dirs"]) for name in args.files}
    print("palais: watching for changes (Ctrl-C stops)", file=stderr, flush=True)
    collect_between()
    try:
        while True:
            for name, watcher in watchers.items():
                if watcher.changed():
                    time.sleep(POLL_SECONDS / 2)      # let the editor finish writing
                    watcher.changed()
                    try:
                        run(name)
                    except EngineError as exc:
                        print("\n".join(failure_lines(name, exc)), file=stderr, flush=True)
                    collect_between()
            time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        print("palais: stopped watching", file=stderr)
        return 0


def cmd_preview(args, stdout, stderr) -> int:
    from .preview import serve
    settings = _settings(args)
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: give a port from 1 to 65535, or 0 for any")
    if not Path(args.file).is_file():
        raise UsageError(f"{args.file}: no such file")
    gc.enable()                            # a server renders for hours,
    import_whole(WHEN_USED)                # in threads: nothing is left half imported
    serve(args.file, args.port, settings["template_dirs"], settings["max_bytes"], out=stderr)
    print("palais: preview stopped", file=stderr)
    return 0


def cmd_compare(args, stdout, stderr) -> int:
    """Compare two drafts; print what changed, section by section; write the files."""
    from . import compare, render_comparison
    formats = _formats(args.format)
    settings = _settings(args)
    old_text = None
    if not Path(args.old).exists() and ":" in args.old:
        old_text = read_from_git(args.old)
    if args.check:
        result = compare(args.old, args.new, formats, author=args.author, old_text=old_text,
                         **settings)
    else:
        result = render_comparison(args.old, args.new, formats, args.out, author=args.author,
                                   old_text=old_text, **settings)
    for code, message in result.warnings:
        _warn(stderr, args.new, code, message)
    for line in summary_lines(result.comparison):
        print(line, file=stdout)
    for target in result.outputs:
        print(f"wrote {target}", file=stdout)
    return 1 if args.check and result.comparison.differs else 0


def summary_lines(comparison) -> list:
    """Return what changed as lines: the totals, then place by place."""
    def counted(counts) -> str:
        words = {"insertion": "insertions", "deletion": "deletions", "move": "moves",
                 "formatting": "formatting changes"}
        return ", ".join(f"{counts[kind]} {kind if counts[kind] == 1 else words[kind]}"
                         for kind in comparison.KINDS if counts.get(kind))

    places = comparison.summary()
    if not places:
        return ["no change"]
    total = {}
    for _, counts in places:
        for kind, number in counts.items():
            total[kind] = total.get(kind, 0) + number
    return [counted(total)] + [f"  {place or 'text'}: {counted(counts)}"
                               for place, counts in places]


def read_from_git(spec: str) -> str:
    """Return the text of ``REV:PATH`` as git keeps it (PATH from this folder)."""
    import subprocess

    revision, _, path = spec.partition(":")
    if not revision or not path:
        raise UsageError(f"{spec}: no such file; to read a draft from git, write REV:PATH "
                         "(HEAD~1:meeting.yaml)")
    relative = path if path.startswith(("./", "../", "/")) else "./" + path
    errors = []
    for name in dict.fromkeys([relative, path]):
        try:
            done = subprocess.run(["git", "show", f"{revision}:{name}"], capture_output=True,
                                  timeout=60)
        except FileNotFoundError:
            raise UsageError(f"{spec}: reading a draft from git needs git, which is not "
                             "installed") from None
        except subprocess.TimeoutExpired:
            raise UsageError(f"{spec}: git did not answer within a minute") from None
        if done.returncode == 0:
            try:
                return done.stdout.decode("utf-8")
            except UnicodeDecodeError:
                raise UsageError(f"{spec}: not UTF-8 text; save the file as UTF-8") from None
        errors.append(done.stderr.decode("utf-8", "replace").strip().splitlines()[:1])
    said = next((e[0] for e in errors if e), "git cannot read it")
    raise UsageError(f"{spec}: no such file, and git cannot give it: "
                     f"{said.removeprefix('fatal: ')}")


def cmd_schema(args, stdout, stderr) -> int:
    from .editorschema import all_kinds_schema, dumps, kind_schema
    from .manifests import suggest_report
    from .resources import search_path

    for folder in args.template_dir:
        if not Path(folder).is_dir():
            raise UsageError(f"--template-dir {folder}: no such folder")
    search = search_path(args.template_dir)
    if args.kind is None:
        stdout.write(dumps(all_kinds_schema(search)))
        return 0
    try:
        schema = kind_schema(args.kind, search)
    except KeyError:
        raise UsageError(f"no report kind {args.kind!r}; {suggest_report(args.kind, search)}") \
            from None
    stdout.write(dumps(schema))
    return 0


def _warn(stderr, name, code, message) -> None:
    where = "" if message.startswith(str(name)) else f"{name}: "
    print(f"palais: warning [{code}]: {where}{message}", file=stderr)


def cmd_print_template(args, stdout, stderr) -> int:
    return _print_builtin("templates", args.name, stdout)


def cmd_print_style(args, stdout, stderr) -> int:
    name = args.name[:-len(".yaml")] if args.name.endswith(".yaml") else args.name
    return _print_builtin("styles", name, stdout)


def cmd_print_labels(args, stdout, stderr) -> int:
    name = args.name[:-len(".yaml")] if args.name.endswith(".yaml") else args.name
    return _print_builtin("labels", name, stdout)


def _print_builtin(kind: str, name: str, stdout) -> int:
    from .resources import SearchPath
    builtins = SearchPath()
    found = builtins.find(kind, name)
    if found is None:
        raise UsageError(builtins.not_found(kind, name).replace("no ", "no built-in ", 1))
    stdout.write(found.read_text())
    return 0


_COMMANDS = {
    "validate": cmd_validate,
    "check": cmd_check,
    "render": cmd_render,
    "preview": cmd_preview,
    "compare": cmd_compare,
    "schema": cmd_schema,
    "print-default-template": cmd_print_template,
    "print-default-style": cmd_print_style,
    "print-default-labels": cmd_print_labels,
}


def own_process() -> None:
    """Set up a process that runs Palais alone, as the palais command does: the
    cycle collector held back (``collect_less``), and the modules a build seldom
    needs imported when first used (``deferred.modules_when_used``)."""
    collect_less()
    modules_when_used(WHEN_USED)


# Modules reportlab imports as it is imported, which a PDF of text never uses:
# Pillow's images (the files a PDF draws, a figure's), 9 ms to import; HarfBuzz,
# which shapes the scripts whose letters join (Arabic, the Indic scripts), 10 ms.
WHEN_USED = ("PIL.Image", "uharfbuzz")


def collect_less() -> None:
    """Hold Python's cycle collector back while a file is worked on, in a process of
    Palais's own; ``collect_between`` frees what one file left before the next.

    A render makes some hundred thousand objects that live until it ends, and few
    cycles (the IOM report's leaves some 57,000 objects in cycles): the collector
    walked the new objects again every ten thousand made, 20 to 30 ms of the
    report's layout and 15 to 20 in the helper process, to free nothing before the
    end. Peak memory is the same. A command that serves for long (preview) turns
    it back on, with thresholds that walk a render's objects seldom."""
    gc.set_threshold(10_000, 50, 100)
    gc.disable()


def collect_between() -> None:
    """Free the cycles the files worked on so far left, when ``collect_less`` holds
    the collector back: it walks only the objects made since it last ran."""
    if not gc.isenabled():
        gc.collect(0)


def run() -> None:  # console entry point
    own_process()
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            # the reader has gone: nothing is left to say to it, on exit either
            try:
                os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
            except (OSError, ValueError):
                pass
    # The interpreter collects every object once more as it ends (80 ms after a PDF
    # of the IOM report), though all its memory goes back to the system: what is
    # frozen is left to that.
    gc.freeze()
    sys.exit(code)
