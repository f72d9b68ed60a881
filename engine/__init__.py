"""Palais: meeting YAML -> UN and IOM documents (DOCX, PDF, HTML), in one pipeline.

The Python API (docs/api.md): ``validate``, ``check``, ``compose``, ``build``,
``render``, ``compare`` and ``render_comparison``. They print nothing; a mistake in
the input is an ``EngineError`` (``palais.errors``) whose message names the file,
line, column and field.
"""
from __future__ import annotations

import contextlib
import dataclasses
import typing
from dataclasses import dataclass, field
from os import PathLike
from typing import Iterable, Optional, Union

__version__ = "0.1.0"
__all__ = ["Composition", "Result", "build", "check", "compare", "compose", "render",
           "render_comparison", "validate", "__version__"]

Path_ = Union[str, "PathLike[str]"]

# reportlab lays out right-to-left text only if a module "rlbidi" exists when its
# text module loads. Palais gives one; naming it here, before anything can load
# reportlab, makes that hold whatever a program imports first.
from .writers import bidi as _bidi  # noqa: E402

_bidi.register()


class Composition(typing.NamedTuple):
    """What phases 1-6 produce: the report kind, the model, the resolved style sheet, and
    the cosmetic warnings met on the way (code, message)."""
    report: object
    document: object
    sheet: object
    warnings: tuple = ()


@dataclass
class Result:
    """What one render produced: the files built and written, and the cosmetic warnings."""
    outputs: list = field(default_factory=list)     # the paths written
    warnings: list = field(default_factory=list)    # (code, message)
    document: object = None
    files: dict = field(default_factory=dict)       # format -> bytes
    layouts: int = 0                                # PDF layout passes the build took
    page_map: str = ""                              # "cached" when the DOCX used a kept one
    comparison: object = None                       # compare(): a revisions.Comparison


def compose(path: Path_, template_dirs: Iterable[Path_] = (), max_bytes: Optional[int] = None,
            text: Optional[str] = None, name: Optional[str] = None) -> Composition:
    """Run phases 1-6 (load … style) and return their Composition.

    ``template_dirs`` are the user's folders, searched before the built-ins for
    templates and, in their sub-folders, for styles, labels, reports and schemas.
    ``max_bytes`` is the largest meeting file read (20 MB by default). ``text``: the
    file's words as they were (a draft from git), named ``name`` in messages.
    """
    return _compose(path, template_dirs, max_bytes, text, name)


def _compose(path, template_dirs=(), max_bytes=None, text=None, name=None,
             on_report=None, on_blocks=None) -> Composition:
    """``compose``; ``on_report(report, language, sheet)`` is called as soon as the
    kind is known, with the language the file names and the kind's style sheet (None
    if it has a problem, which phase 6 reports); the later phases' modules are
    imported after it. ``on_blocks(meta, index, head, blocks, section)`` is given
    the blocks of section ``index`` as soon as they are read and set, where the
    reading allows (see SectionFeed), and the whole section once it is: the
    document's meta and sections as they will be, but for the entries of its
    contents; unless ``on_report`` returns False."""
    from .errors import ValidationError
    from .loading import load_meeting
    from .manifests import load_report, suggest_report
    from .resources import search_path

    search = search_path(template_dirs)
    # Phase 1: load the YAML, keeping every position.
    source = load_meeting(path, **({} if max_bytes is None else {"max_bytes": max_bytes}),
                          text=text, name=name)
    # Phase 2: find the report kind, then validate against its schemas.
    if not isinstance(source.data, dict):
        from .checks import describe
        raise ValidationError([f"{source.where(())}: (top): expected a mapping of keys "
                               f"(report: …, language: …), got {describe(source.data)}"])
    kind = source.data.get("report")
    if not isinstance(kind, str):
        raise ValidationError([f"{source.where(('report',))}: report: required field is missing"
                               if kind is None else
                               f"{source.where(('report',))}: report: expected text"])
    try:
        report = load_report(kind, search)
    except KeyError:
        raise ValidationError([f"{source.where(('report',))}: report: unknown report kind "
                               f"{kind!r}; {suggest_report(kind, search)}"]) from None
    from .styles import resolve_styles
    sheet = None
    if on_report is not None:
        try:
            sheet = resolve_styles(report.style, search)
        except Exception:
            pass                   # read again in phase 6, which reports the problem
        if on_report(report, source.data.get("language"), sheet) is False:
            on_blocks = None
    from .context import build_context
    from .errors import MarkupError, TemplateError
    from .reader import SectionFeed, read_document
    from .templating import render_template, template_line_of
    from .typography import Typesetter, apply_typography
    from .validation import editorial_warnings, validate_meeting

    data = validate_meeting(source, report.schemas, search)
    warnings = editorial_warnings(source, data)
    # Phase 3: the template context, in the document's language.
    context = build_context(data, report, search)
    # Phase 4: templates -> document markup (and, where a section is told as soon as
    # it is read, phases 5 and 6 of each section as soon as the template writes it).
    setter = feed = None
    if on_blocks is not None and sheet is not None:
        def read(meta, index, head, blocks, section):
            nonlocal setter, meta_set
            if setter is None:     # the rules are the language's the markup names
                setter = Typesetter(sheet.typography.get(meta.language), sheet.typography)
                meta_set = setter.meta(meta)
            on_blocks(meta_set, index, *setter.part(index, head, blocks, section))
        meta_set = None
        feed = SectionFeed(read)
    markup = render_template(report.template, context, search,
                             on_chunk=None if feed is None else feed.feed)
    # Phase 5: markup -> model, numbered.
    try:
        document = read_document(markup, feed)
    except MarkupError as exc:
        where = template_line_of(report.template, context, search, exc.line)
        if where is None:
            raise
        raise TemplateError(f"{where}: {exc.detail} (document markup line {exc.line})") from None
    # Phase 6: styles, and the language's spacing rules on the text.
    if sheet is None:
        sheet = resolve_styles(report.style, search)
    if setter is not None and feed.kept:
        document = setter.document(document)
    else:
        document = apply_typography(document, sheet.typography.get(document.meta.language),
                                    sheet.typography)
    return Composition(report, document, sheet, tuple(warnings))


def validate(path: Path_, template_dirs: Iterable[Path_] = (),
             max_bytes: Optional[int] = None) -> list:
    """Run every stage for the meeting file at ``path``, the writers of its kind's formats
    included, and write nothing; return the cosmetic warnings, (code, message) pairs.

    A file that is not valid raises ValidationError, whose ``problems`` list every
    mistake at its file:line:col; a broken template or style sheet TemplateError or
    StyleError.
    """
    return build(path, formats=None, template_dirs=template_dirs,
                 max_bytes=max_bytes).warnings


def check(path: Path_, template_dirs: Iterable[Path_] = (), max_bytes: Optional[int] = None):
    """Return the editorial preflight of the meeting file at ``path`` (a
    ``preflight.Preflight``: its words, its kind's limit, its findings); render
    nothing. Raises as ``compose`` does for a file that is not valid."""
    from .preflight import check as preflight
    return preflight(path, template_dirs, max_bytes)


def select_annex(document, number: str):
    """Return ``document`` reduced to annex ``number``, with its own notes only."""
    from .errors import UsageError
    from .model import Document, NoteRef

    annexes = [s for s in document.sections if s.role == "annex"]
    chosen = [s for s in annexes if s.number == str(number)]
    if not chosen:
        known = ", ".join(s.number for s in annexes if s.number) or "none"
        raise UsageError(f"the document has no annex {number}; its annexes: {known}")
    section = dataclasses.replace(chosen[0], new_page=False)
    called = []
    _collect_notes(section.blocks, called, NoteRef)
    return Document(meta=document.meta, sections=(section,), notes=tuple(called))


def _collect_notes(node, found, noteref_type):
    if isinstance(node, noteref_type):
        if node.note not in found:
            found.append(node.note)
        return
    if isinstance(node, tuple):
        for item in node:
            _collect_notes(item, found, noteref_type)
    elif dataclasses.is_dataclass(node):
        for f in dataclasses.fields(node):
            _collect_notes(getattr(node, f.name), found, noteref_type)


def _has_toc(document) -> bool:
    from .model import Toc
    return any(isinstance(block, Toc) for block in document.blocks())


def build(path: Path_, formats: Optional[Iterable[str]] = ("docx", "pdf"),
          template_dirs: Iterable[Path_] = (), annex: Optional[str] = None,
          options: Optional[dict] = None, max_bytes: Optional[int] = None) -> Result:
    """Run every phase for the meeting file at ``path`` and return the files' bytes unwritten.

    ``Result.files`` maps each format to its bytes; ``formats`` None: the kind's own
    (its manifest's ``formats``). The PDF is laid out first: its page numbers fill
    the DOCX contents, so Word shows the right pages before any field is updated.
    On a machine with two cores, a helper process composes and writes the DOCX
    while this one lays out the PDF (palais.parallel).
    """
    from . import parallel
    from .writers import WRITERS, get_writer

    formats = None if formats is None else tuple(formats)
    for fmt in formats or ():
        if fmt not in WRITERS:
            get_writer(fmt)                    # unknown formats fail first, and say why
    options = dict(options or {})
    progress = options.get("progress")
    if progress is not None:
        progress("compose", 0)
    args = (path, formats, template_dirs, annex, options, max_bytes)
    helper = parallel.start(_plan, args) if parallel.available(options) else None
    if formats is None or "pdf" in formats:
        from .fonts import ask_fontconfig
        ask_fontconfig()                       # the PDF's fonts are looked for soon
    try:
        plan = None
        if helper is not None:
            # While the helper composes, the writers it will not run are imported here,
            # and the PDF's fonts and hyphenation patterns loaded.
            for fmt in sorted(formats or (), key=lambda fmt: fmt != "pdf"):
                if fmt != "docx":
                    get_writer(fmt)
            early = helper.early()
            for fmt in sorted((early.formats if early and formats is None else ()),
                              key=lambda fmt: fmt != "pdf"):
                if fmt != "docx":
                    get_writer(fmt)
            story = None
            if early is not None and "pdf" in (formats or early.formats):
                _prepare_pdf(early.sheet, early.language)
                story = _Story(early.sheet, options)
            plan = helper.plan(on_blocks=story and story.add,
                               meanwhile=story and story.meanwhile)
            if plan is not None and story is not None:
                story = story.writer
        if plan is None:                       # no helper, or it failed: all here
            plan, story = _plan(*args), None
        return _write(path, plan, helper, progress, story)
    finally:
        if helper is not None:
            helper.close()


def _prepare_pdf(sheet, language) -> None:
    """Load what the PDF writer starts with for style sheet ``sheet`` and ``language``.

    Only time is at stake: whatever goes wrong here happens again in the build, which
    reports it, so it is passed over."""
    from .writers import get_writer

    if sheet is None or not isinstance(language, str) or not language:
        return
    try:
        get_writer("pdf").prepare(sheet, language)
    except Exception:
        pass


class _Story:
    """The PDF's story, begun here with the sections the helper reads (palais.parallel)
    while it reads the rest: the PDF writer then lays out at once. Whatever goes
    wrong here is passed over: the writer makes the story again from the document,
    and reports the problem if there is one."""

    def __init__(self, sheet, options: dict):
        self.sheet, self.writer = sheet, None
        self.options = {key: value for key, value in options.items() if key != "progress"}
        self.failed = sheet is None

    def add(self, meta, index, head, blocks) -> None:
        if self.failed:
            return
        try:
            if self.writer is None:
                from .writers import get_writer
                self.writer = get_writer("pdf")(self.sheet, self.options)
                self.writer.begin(meta)
            self.writer.add_blocks(index, head, blocks)
        except Exception:
            self.failed, self.writer = True, None

    def meanwhile(self) -> bool:
        """Do a little of the layout's work ahead (break a paragraph's lines) while the
        helper reads on; return whether there was any."""
        if self.failed or self.writer is None:
            return False
        try:
            return self.writer.wrap_early()
        except Exception:
            self.failed, self.writer = True, None
            return False


class _Plan(typing.NamedTuple):
    """What a build writes, once composed: ``names`` the formats written or laid out,
    the PDF first; ``formats`` those kept; ``options`` the writers' (a page map kept
    by an earlier layout among them)."""
    names: list
    formats: tuple
    document: object
    sheet: object
    warnings: tuple
    options: dict
    map_key: Optional[str]
    page_map: str
    keeps_map: bool = False      # the layout's map is kept for later DOCX-only runs


def _plan(path, formats, template_dirs, annex, options, max_bytes, on_formats=None,
          on_blocks=None) -> _Plan:
    """Compose the meeting file and decide what the build writes, and how;
    ``on_blocks`` as ``_compose``'s, for a build of the whole document."""
    from . import pagemap

    def found(report, language, sheet):
        if on_formats is not None:
            on_formats(formats or report.formats, sheet, language)
        return "pdf" in (formats or report.formats)    # sections told: the PDF's story
    report, document, sheet, warnings = _compose(
        path, template_dirs, max_bytes, on_report=found,
        on_blocks=on_blocks if annex is None else None)
    formats = tuple(report.formats) if formats is None else formats
    if annex is not None:
        document = select_annex(document, annex)
    options = {key: value for key, value in options.items() if key != "progress"}
    names = sorted(formats, key=lambda fmt: fmt != "pdf")
    map_key, page_map = None, ""
    keeps_map = _has_toc(document) and "docx" in formats and "page_numbers" not in options
    if keeps_map and "pdf" not in formats:
        # The DOCX contents print the PDF's pages: from this build's PDF, from a
        # page map kept by an earlier layout of the same input, or from a layout now.
        # (A build that writes the PDF keys its map once the layout is done.)
        map_key = pagemap.key(document, sheet)
        kept = pagemap.load(map_key)
        if kept is not None:
            options["page_numbers"], options["page_count"] = kept
            page_map, keeps_map = "cached", False
        else:
            names.insert(0, "pdf")
    return _Plan(names, formats, document, sheet, tuple(warnings), options, map_key, page_map,
                 keeps_map)


def _write(path, plan: _Plan, helper, progress, story=None) -> Result:
    """Phase 7: write every format of ``plan`` in memory; the DOCX by ``helper`` if
    there is one and it can; the PDF by ``story``, a PDF writer that has begun the
    story (see _Story), if there is one."""
    from . import pagemap
    from .errors import MissingGlyphError
    from .writers import get_writer

    result = Result(document=plan.document, warnings=list(plan.warnings),
                    page_map=plan.page_map)
    options = dict(plan.options)
    if progress is not None:
        options["progress"] = progress
    unsaved = None                             # the layout's page map, not kept yet

    def keep_map():
        if unsaved is not None:
            pagemap.save(plan.map_key or pagemap.key(plan.document, plan.sheet), *unsaved)

    for fmt in plan.names:
        if fmt == "docx" and helper is not None:
            # The map is kept while the helper finishes the DOCX with its pages.
            drafted = helper.docx(options.get("page_numbers"), options.get("page_count"),
                                  meanwhile=keep_map)
            unsaved = None
            if drafted is not None:
                blob, warnings = drafted
                result.warnings.extend(w for w in warnings if w not in result.warnings)
                result.files[fmt] = blob
                continue
            # it failed there: written here, it fails (or not) as it would have
        if fmt == "pdf" and story is not None:
            writer = story
            writer.options = dict(options)
        else:
            writer = get_writer(fmt)(plan.sheet, options)
        if fmt == "pdf" and helper is not None:
            writer.streams, writer.lines = helper.streams(), helper.lines()
        try:
            blob = writer.render(plan.document)
        except MissingGlyphError as exc:
            raise MissingGlyphError(f"{_field_with(path, exc.char)}{exc}", exc.char) from None
        result.warnings.extend(w for w in writer.warnings if w not in result.warnings)
        if fmt == "pdf":
            result.layouts += writer.passes
            options.setdefault("page_numbers", {h.anchor: page for h, page in writer.heading_pages
                                                if page is not None and h.anchor})
            options.setdefault("page_count", writer.pages)
            if plan.keeps_map:
                unsaved = options["page_numbers"], options["page_count"]
                if helper is None or helper.failed:
                    keep_map()
                    unsaved = None
            if "pdf" not in plan.formats:
                continue
        result.files[fmt] = blob
    return result


def _field_with(path, char: str) -> str:
    """Return "file:line:col: field: " of the first value of the meeting file holding
    ``char``, or "" when only a template or label has it."""
    from .loading import dotted, load_meeting, strings

    source = load_meeting(path)
    for at, text in strings(source.data):
        if char in text:
            return f"{source.where(at)}: {dotted(at)}: "
    return ""


def render(path: Path_, formats: Optional[Iterable[str]] = ("docx", "pdf"),
           out_dir: Path_ = "out", template_dirs: Iterable[Path_] = (),
           annex: Optional[str] = None, options: Optional[dict] = None, strict: bool = False,
           max_bytes: Optional[int] = None) -> Result:
    """Render the meeting file at ``path`` into ``out_dir``, one file per format.

    Every format is built and checked first (with ``strict``, a warning is an
    error); then all are moved into place together, or none: a failure leaves
    the folder as it was. An output never replaces its input.
    """
    from .errors import UsageError
    from .output import check_targets, target_path, write_all

    from .writers import WRITERS
    check_targets([path], out_dir, formats or sorted(WRITERS), annex)
    result = build(path, formats, template_dirs, annex, options, max_bytes)
    if strict and result.warnings:
        lines = [f"warning [{code}]: {message}" for code, message in result.warnings]
        raise UsageError("\n".join(lines) + f"\npalais: {path}: {len(lines)} warning(s) and "
                         "--strict; nothing written")
    result.outputs = write_all((target_path(path, out_dir, fmt, annex), blob)
                               for fmt, blob in result.files.items())
    return result


def compare(old: Path_, new: Path_, formats: Iterable[str] = ("docx",),
            template_dirs: Iterable[Path_] = (), author: Optional[str] = None,
            max_bytes: Optional[int] = None, old_text: Optional[str] = None) -> Result:
    """Compare two drafts of one meeting file; return the new draft's files with every
    change since ``old`` as a revision, unwritten (``Result.comparison``: what changed).

    ``old_text``: the old draft's words when they come from git (``old`` names them,
    "HEAD~1:meeting.yaml"; includes are found beside ``new``). The DOCX shows the
    revisions as Word's tracked changes by ``author`` (by default the issuing organ's
    name, else "Palais"), dated the new draft's date; the PDF is a redline. Both drafts
    must be valid files of one document kind.
    """
    from . import revisions
    from .errors import UsageError
    from .loading import load_meeting
    from .writers import get_writer

    writers = [get_writer(fmt) for fmt in formats]
    limit = {} if max_bytes is None else {"max_bytes": max_bytes}
    before = compose(new if old_text is not None else old, template_dirs, max_bytes,
                     text=old_text, name=old if old_text is not None else None)
    after = compose(new, template_dirs, max_bytes)
    if before.report.name != after.report.name:
        old_source = load_meeting(new if old_text is not None else old, **limit, text=old_text,
                                  name=old if old_text is not None else None)
        new_source = load_meeting(new, **limit)
        raise UsageError(f"{old_source.where(('report',))}: report: {before.report.name}, but "
                         f"{new_source.where(('report',))}: report: {after.report.name}; "
                         "compare two drafts of one document kind")
    options = {"author": author or after.document.meta.author or "Palais"}
    old_pages = new_pages = None
    if "docx" in formats and (_has_toc(after.document) or _has_toc(before.document)):
        # The contents print the new draft's pages, and keep the old draft's where they
        # differ: accepting every change gives the new draft's file, rejecting the old's.
        with _glyphs_of(old if old_text is None else None):
            old_pages, _ = _page_map(before.document, before.sheet)
        with _glyphs_of(new):
            new_pages, options["page_count"] = _page_map(after.document, after.sheet)
        options["page_numbers"] = new_pages
    comparison = revisions.compare(before.document, after.document, old_pages, new_pages)
    result = Result(document=comparison.document, comparison=comparison,
                    warnings=list(after.warnings))
    for writer_class in writers:
        writer = writer_class(after.sheet, dict(options))
        with _glyphs_of(new):
            result.files[writer_class.format] = writer.render(comparison.document)
        result.warnings.extend(w for w in writer.warnings if w not in result.warnings)
    return result


@contextlib.contextmanager
def _glyphs_of(path):
    """Within the block, a character no font has is reported at its place in ``path``
    (a meeting file), as ``build`` reports it."""
    from .errors import MissingGlyphError
    try:
        yield
    except MissingGlyphError as exc:
        if path is None:
            raise
        raise MissingGlyphError(f"{_field_with(path, exc.char)}{exc}", exc.char) from None


def _page_map(document, sheet) -> tuple:
    """Return (heading anchor -> page, page count) of ``document`` laid out as a PDF:
    kept from an earlier layout of the same input, or laid out now (and kept)."""
    from . import pagemap
    from .writers import get_writer

    map_key = pagemap.key(document, sheet)
    kept = pagemap.load(map_key)
    if kept is not None:
        return kept
    pdf = get_writer("pdf")(sheet, {})
    pdf.render(document)
    pages = {h.anchor: page for h, page in pdf.heading_pages if page is not None and h.anchor}
    pagemap.save(map_key, pages, pdf.pages)
    return pages, pdf.pages


def render_comparison(old: Path_, new: Path_, formats: Iterable[str] = ("docx",),
                      out_dir: Path_ = "out", template_dirs: Iterable[Path_] = (),
                      author: Optional[str] = None, max_bytes: Optional[int] = None,
                      old_text: Optional[str] = None) -> Result:
    """Compare two drafts (see ``compare``) and write ``<new stem>-changes.<format>``
    into ``out_dir``: every file, or none."""
    from pathlib import Path

    from .errors import UsageError
    from .output import check_out_dir, write_all

    check_out_dir(out_dir)
    targets = {fmt: Path(out_dir) / f"{Path(new).stem}-changes.{fmt}" for fmt in formats}
    for target in targets.values():
        for source in [new] + ([] if old_text is not None else [old]):
            if target.resolve() == Path(source).resolve():
                raise UsageError(f"{target}: the comparison would replace the input "
                                 f"{source}; choose another --out")
    result = compare(old, new, formats, template_dirs, author, max_bytes, old_text)
    result.outputs = write_all((targets[fmt], blob) for fmt, blob in result.files.items())
    return result
