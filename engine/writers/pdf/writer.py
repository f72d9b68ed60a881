"""Model document + resolved style sheet -> PDF bytes laid out with reportlab platypus."""
from __future__ import annotations

import collections
import contextlib
import dataclasses
import io
import re
from pathlib import Path

from .. import bidi
from . import archive, filing, hyphens, linebreak, measure, readout, tags

bidi.install()          # before reportlab's text module: right-to-left needs it
linebreak.install()
archive.install()       # subset tags of each font's own
tags.install()          # flowables drawn as the content of their structure elements
readout.install()       # text read out of the file: words whole, no-break spaces kept
measure.install()       # a word's width measured once a build; runs compared quickly
filing.install()        # the file's names and numbers encoded the quick way

import pyphen
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Image, KeepTogether, PageBreak, Spacer
from reportlab.platypus.doctemplate import LayoutError

from ...errors import RenderError
from ...fonts import resolve_font
from ... import model
from ...model import Masthead, Table, Toc
from ...units import Pt
from ...words import UNHYPHENATED, is_rtl
from .. import Writer, build_time
from .blocks import (AnswerRule, BoxBlock, Captions, FigureFrame, HangingParagraph,
                     Paragraph, TocLine)
from .inline import (ANCHOR_CALLBACK, DELETED_COLOUR, HEADING_CALLBACK, NOTE_CALLBACK,
                     REVISION_CALLBACK, SUPERSCRIPT_RISE, SUPERSCRIPT_SIZE,
                     is_footnote)
from .hyphens import Hyphenator
from .masthead import MastheadBlock
from .nav import Navigation
from .notes import FootnoteArea
from .page import PAGE_TEMPLATES, LateText, PageDecor, PalaisDocTemplate, SectionStart
from .styles import ParagraphStyles
from .table import table_flowables
from .tags import Tagger, tag


class PdfWriter(ParagraphStyles, Writer):
    """Lay out a Document as a UN page: masthead page 1, running matter, notes at the foot.

    After ``render``: ``heading_pages`` lists (Heading, page) in document order,
    ``note_pages`` and ``call_pages`` map note ids to the page of the note and of
    its call, ``fonts`` maps font roles to their FontResolution, ``pages`` is the
    page count.
    """

    name = "PDF"
    format = "pdf"
    # compresses the pages' streams while the layout goes on (palais.parallel.Streams)
    streams = None
    # sends the lines of the story's paragraphs, broken elsewhere (palais.parallel.Lines)
    lines = None

    def render(self, document) -> bytes:
        """Return the PDF of ``document``, laid out in one pass.

        What depends on the finished layout -- the page count in "n/N", the pages
        of the contents -- takes no room in it: it is drawn at the end into forms
        placed during the layout (LateText).
        """
        build_time()       # a bad $SOURCE_DATE_EPOCH is refused before reportlab reads it
        if not self._fed_with(document):
            self.begin(document.meta)
            for section in document.sections:
                self.add_section(section)
        self._end_story(document)
        self.passes = 1
        self._early.clear()
        with measure.kept_widths(self._kept):
            pdf = self._build(document)
        hyphens.keep_words()
        return pdf

    # -- the story, section by section ------------------------------------------

    def begin(self, meta) -> None:
        """Start the story of a document of ``meta``: its sections are then given one
        by one (``add_section``), as they are read, and ``render`` lays out the
        document they make (palais.parallel). A document whose sections differ from
        those given, other than in its contents' entries, is made afresh."""
        base = Path(self.sheet.source).parent if self.sheet.source else None
        language = meta.language
        self._rtl = is_rtl(language)
        self.fonts = {key: resolve_font(spec.for_language(language), base)
                      for key, spec in self.sheet.fonts.items()}
        # A story begun again (the document differed) warns again from the start.
        self._warnings_before = getattr(self, "_warnings_before", len(self.warnings))
        del self.warnings[self._warnings_before:]
        self._seen_warnings = set(self.warnings)
        self._document = model.Document(meta=meta, sections=())
        self._fed = []               # (section, its blocks given) of each section begun
        self._section = None         # the structure element of the section begun
        self._story_made = []
        self._early = collections.deque()   # paragraphs whose lines may be broken early
        self._in_frame = []          # all of those, in the story's order
        self._section_starts = []    # of each section, the index of its first there
        self._kept = measure.kept()          # the widths the build has measured
        self._contents = []          # (Toc, its element, its place) of each contents set
        self._inline = {}
        self._styles = {}
        self._headings = []
        self._called = {}
        self._late = LateText()
        self._hyphenators = {}
        self._tags = Tagger(meta.language)
        self._parent = self._tags.document
        self._in_table = 0           # a redline's change bars stand beside the text only
        self._depth = 0              # blocks within blocks being visited
        self._nav = Navigation(self._headings, lambda note_id: False)
        self._first_style = self._style_now = ""

    def add_section(self, section) -> None:
        """Add the flowables of ``section``, the next of the document begun."""
        self.add_blocks(len(self._fed), section, section.blocks)

    def add_blocks(self, index: int, head, blocks) -> None:
        """Add the flowables of ``blocks``, the next of section ``index`` (``head``:
        the section, whatever its blocks), which is the section begun or the next."""
        story = self._story_made
        if index == len(self._fed):
            self._fed.append((head, []))
            self._section_starts.append(len(self._in_frame))
            self._check_page_style(head.page_style)
            if not story:
                self._first_style = self._style_now = head.page_style
            elif head.new_page or head.odd or head.page_style != self._style_now:
                story.append(SectionStart(PAGE_TEMPLATES[head.page_style], head.odd))
                self._style_now = head.page_style
            self._section = self._tags.element("Sect")
        self._fed[index][1].extend(blocks)
        self._parent = self._section
        for block in blocks:
            made = self._visit(block)
            story += made
            in_frame = list(_in_frame(made))
            self._early.extend(in_frame)
            self._in_frame += in_frame
        self._parent = self._tags.document

    def wrap_early(self) -> bool:
        """Break the lines of the next paragraph of the story that the layout sets
        straight in the page's frame, at the frame's width: what this process does
        while it waits for the helper's next sections (palais.parallel). The layout
        then finds them broken. Return whether there was one. A paragraph that fails
        is left as it was, for the layout to meet and report."""
        if not self._early:
            return False
        paragraph = self._early.popleft()
        try:
            with measure.kept_widths(self._kept):
                paragraph.wrap_early(self.sheet.page.frame_width.pt)
        except Exception:
            self._early.clear()
        return True

    def lines_ahead(self, document, send, serve) -> bool:
        """Break, as ``wrap_early`` would, the lines of ``document``'s paragraphs that
        the layout sets in the page's frame, and of its notes, each after the
        section that first calls it, ahead of where the layout is: what a helper
        process does while this one lays the document out (palais.parallel.Lines).
        It goes on from the layout's place to the end, making each section's
        flowables as it comes to it, and passing over what the layout reaches
        first (the helper breaks lines faster than the layout sets them).

        ``send(first, last, lines)`` is given, for a few paragraphs at a time, the
        pickled [(place, key, width, lines)] of those broken (``_line_key``), a
        place being a note's id, or (section, paragraph) the n-th paragraph set in
        the frame of a section, ``first`` and ``last`` the least and most of those
        places (None for notes); it says whether it sent them. ``serve()`` is asked
        before each paragraph and section for the layout's place, and says None
        once breaking must stop, as ``send`` says False; ``serve(True)``, asked once
        the lines of ``_LINES_HELD`` paragraphs ahead of the layout are sent (held
        there), waits until the layout says it has come further. Return whether it
        went on to the last paragraph.

        A paragraph that fails or warns is left to the layout, which reports it."""
        import bisect
        import pickle
        self.begin(document.meta)
        width, batch = self.sheet.page.frame_width.pt, []
        held = []        # the places sent, in order: those past the layout's it holds

        def broken(place, paragraph) -> bool:
            warned = len(self.warnings)
            try:
                paragraph.wrap_early(width)
            except Exception:
                return True
            key = _line_key(paragraph)
            if key is not None and len(self.warnings) == warned:
                batch.append((place, key, paragraph._wrapped[0], paragraph.early_lines()))
            return len(batch) < _LINES_SENT or sent()

        def sent() -> bool:
            places = [item[0] for item in batch if not isinstance(item[0], str)]
            going_on = send(min(places, default=None), max(places, default=None),
                            pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL))
            held.extend(places)
            batch.clear()
            return going_on

        sections, number = document.sections, 0
        headings = _headings_before(sections)
        with measure.kept_widths(self._kept):
            while number < len(sections):
                layout = serve()
                if layout is None:
                    return False
                number = max(number, layout[0])
                if number >= len(sections):
                    break
                # a heading's markup holds its number among the document's headings
                self._headings[:] = [None] * headings[number]
                called = set(self._called)
                made = self._paragraphs_of(sections[number], serve)
                if made is None:
                    return False
                for ordinal, paragraph in enumerate(made):
                    layout = serve()
                    # so many lines ahead held there: wait till the layout has set some
                    while layout is not None and \
                            len(held) - bisect.bisect_left(held, layout) >= _LINES_HELD:
                        layout = serve(True)
                    if layout is None:
                        return False
                    if (number, ordinal) >= (layout[0], layout[1] + _LINES_AHEAD) \
                            and not broken((number, ordinal), paragraph):
                        return False
                # the notes the section calls first, which the layout sets with it
                for note_id, note in list(self._called.items()):
                    if note_id not in called and not broken(note_id, self._note(note)):
                        return False
                number += 1
        return not batch or sent()

    def _paragraphs_of(self, section, serve):
        """Make the flowables of ``section`` as ``add_blocks`` does, whatever was made
        before, and return its paragraphs set in the page's frame; None if
        ``serve()``, asked before each block, says None. A table's paragraphs are
        set in its cells, at their columns' widths: its flowables are not made."""
        self._parent = self._tags.element("Sect")
        found = []
        for block in section.blocks:
            if serve() is None:
                return None
            if not isinstance(block, Table):
                found += _in_frame(self._visit(block))
        self._parent = self._tags.document
        return found

    def _lines_taker(self, notes: dict):
        """Return the function the layout calls before each flowable of the story to
        take the lines the helper has broken (``lines_ahead``) and sent since, for
        the story's paragraphs and for ``notes`` (id -> flowable); None when no
        helper breaks any."""
        # Held only ahead of the layout: what it has set is let go once drawn.
        paragraphs, self._in_frame = self._in_frame, []
        lines = self.lines
        if lines is None:
            return None
        import bisect
        import pickle
        width = self.sheet.page.frame_width.pt
        starts = self._section_starts        # of each section, its first paragraph's index
        # where the layout is: the paragraphs before ``at`` are all broken
        state = {"at": 0, "told": 0, "off": False}

        def place_of(index: int) -> tuple:
            section = bisect.bisect_right(starts, index) - 1
            return section, index - starts[section]

        def paragraph_at(place):
            if isinstance(place, str):
                return notes.get(place)
            section, ordinal = place
            if not 0 <= section < len(starts):
                return None
            index = starts[section] + ordinal
            end = starts[section + 1] if section + 1 < len(starts) else len(paragraphs)
            return paragraphs[index] if 0 <= index < end else None

        def take():
            if state["off"]:
                return
            try:
                at = state["at"]
                while at < len(paragraphs) and (paragraphs[at] is None or
                                                "_wrapped" in paragraphs[at].__dict__):
                    paragraphs[at] = None
                    at += 1
                state["at"] = at
                if at - state["told"] >= _LINES_SENT and at < len(paragraphs):
                    state["told"] = at
                    lines.tell(place_of(at))
                here = place_of(at) if at < len(paragraphs) else (len(starts), 0)
                for first, last, sent in lines.waiting():
                    if last is not None and tuple(last) < here:
                        continue                # the layout has broken them itself
                    for place, key, at_width, broken in pickle.loads(sent):
                        paragraph = paragraph_at(place)
                        if paragraph is not None and at_width == width \
                                and _line_key(paragraph) == key:
                            paragraph.take_lines(width, broken)
            except Exception:
                state["off"] = True             # the layout breaks the rest itself
        return take

    def _fed_with(self, document) -> bool:
        """Whether the sections given so far make ``document``, but for the entries of
        its contents (which the story takes at its end)."""
        fed = getattr(self, "_fed", None)
        if fed is None or len(fed) != len(document.sections) \
                or self._document.meta != document.meta:
            return False
        for (head, blocks), final in zip(fed, document.sections):
            if len(blocks) != len(final.blocks) or (head is not final and (
                    dataclasses.replace(head, blocks=()) != dataclasses.replace(final, blocks=()))):
                return False
            for one, other in zip(blocks, final.blocks):
                if one is other:
                    continue
                if isinstance(one, Toc) and isinstance(other, Toc):
                    if dataclasses.replace(one, entries=()) != dataclasses.replace(other, entries=()):
                        return False
                elif one != other:
                    return False
        return True

    def _end_story(self, document) -> None:
        """Set each contents' lines, from ``document``'s Toc blocks, into its place."""
        self._document = document
        finals = {id(given): final for (_, blocks), section in zip(self._fed, document.sections)
                  for given, final in zip(blocks, section.blocks) if isinstance(given, Toc)}
        story = self._story_made
        places = {id(flowable): index for index, flowable in enumerate(story)}
        lines = [(places[id(slot)], self._toc_lines(finals.get(id(node), node), element))
                 for node, element, slot in self._contents]
        for index, flowables in reversed(lines):
            story[index:index + 1] = flowables
        self._contents = []

    @staticmethod
    def prepare(sheet, language: str) -> None:
        """Do what laying out a document in ``language`` with ``sheet`` starts with --
        find its fonts, read its hyphenation patterns -- while the document is still
        being composed (palais.parallel): the layout then finds them done. A face is
        read when the layout first sets text in it: a sheet names faces a document
        may never use (the IOM report draws none of its serif family's four)."""
        base = Path(sheet.source).parent if sheet.source else None
        for spec in sheet.fonts.values():
            resolve_font(spec.for_language(language), base)
        found = pyphen.language_fallback(language) if sheet.hyphenation else None
        if found and language not in UNHYPHENATED:
            Hyphenator(found, sheet.hyphenation_rules)

    def warn(self, code, message):
        """Record a warning once, however many layout passes meet it."""
        if (code, message) not in self._seen_warnings:
            self._seen_warnings.add((code, message))
            super().warn(code, message)

    # -- build ---------------------------------------------------------------

    def _build(self, document) -> bytes:
        story, self._story_made, self._fed = self._story_made, [], None
        notes = {note.id: note for note in document.notes if is_footnote(note)}
        for note_id, note in self._called.items():
            notes.setdefault(note_id, note)
        for note in notes.values():
            if note.id not in self._called:
                self.warn("note-not-called", f"note {note.mark!r} ({note.id}) is never called "
                          "in the text, so the PDF does not show it")
        footnotes = {i: self._note(n) for i, n in notes.items() if i in self._called}
        nav = self._nav
        nav.linked_notes = footnotes.__contains__
        area = FootnoteArea(footnotes, self.sheet.page.frame_width.pt, self._rule(),
                            self.sheet.length("footnotes", "space-between").pt, self._rtl, nav)
        call_pages, heading_pages = {}, {}
        marks = {note.id: note.mark for note in notes.values()}

        def on_call(canv, kind, label):
            call_pages.setdefault(label, canv.getPageNumber())
            info = canv._curr_tx_info
            text, style = info["tx"], info["xs"].style
            # Where a line is drawn right to left the font may not be set yet.
            size = text._fontsize or style.fontSize
            width = stringWidth(marks.get(label, ""), text._fontname or style.fontName,
                                size * SUPERSCRIPT_SIZE)
            nav.call(canv, label, width + 1, size)

        def on_heading(canv, kind, label):
            if int(label) not in heading_pages:
                heading_pages[int(label)] = canv.getPageNumber()
                nav.heading(canv, int(label))
        def on_anchor(canv, kind, label):
            nav.anchor(canv, label)
        self._heading_page_map = heading_pages
        decor = PageDecor(self.sheet, document.meta, self._markup_for, self.warn, self._late)
        first = PAGE_TEMPLATES[self._first_style]
        if first == PAGE_TEMPLATES[""] and decor.running.first_page == "masthead" \
                and any(isinstance(b, Masthead) for b in document.blocks()):
            first = "first"
        first_top = (self.sheet.length("masthead", "page-top") if first == "first"
                     else self.sheet.page.margin_top)
        normal = self.sheet.styles.get("Normal") or next(iter(self.sheet.styles.values()))
        buffer = io.BytesIO()
        meta = document.meta
        doc = PalaisDocTemplate(buffer, sheet=self.sheet, area=area, decor=decor, first=first,
                                late=self._late, show_outline=_has_contents(document),
                                first_top=first_top, title=meta.title,
                                callbacks={NOTE_CALLBACK: on_call, HEADING_CALLBACK: on_heading,
                                           ANCHOR_CALLBACK: on_anchor,
                                           REVISION_CALLBACK: lambda *_: None},
                                author=meta.author or self._author(document),
                                subject=meta.symbol or meta.title,
                                created=build_time(meta.date), before_save=self._archive,
                                progress=self.options.get("progress"),
                                page_done=self.streams.send if self.streams else None,
                                before_flowable=self._lines_taker(footnotes),
                                creator="Palais", lang=meta.language or None,
                                # Else every page names Helvetica, reportlab's initial font.
                                initialFontName=self._markup_for(normal.font)
                                .fonts.primary.face())
        try:
            with _binary_streams(), _compressed_by(self.streams), \
                    archive.printable_annotations(), tags.tagging(self._tags):
                doc.build(story)
        except LayoutError as exc:
            raise RenderError(_too_large(str(exc), self.sheet.source)) from None
        lost = [i for i in area.notes if i not in area.placed]
        if lost:
            raise RenderError(f"notes {', '.join(lost)} are called but were not placed")
        self.pages = decor.pages
        self.call_pages, self.note_pages = call_pages, dict(area.placed)
        self.heading_pages = [(h, heading_pages.get(i)) for i, h in enumerate(self._headings)]
        return buffer.getvalue()

    def _check_page_style(self, name: str) -> None:
        """Raise RenderError unless page style ``name`` has a page template."""
        if name not in PAGE_TEMPLATES:
            raise RenderError(f"the PDF writer knows no page style {name!r}; "
                              f"known: {', '.join(repr(n) for n in PAGE_TEMPLATES)}")

    def _visit(self, node) -> list:
        method = getattr(self, "visit_" + type(node).__name__.lower(), None)
        if method is None:
            raise RenderError(f"the PDF writer cannot render block node {type(node).__name__}")
        self._depth += 1
        try:
            if isinstance(node, Table):
                self._in_table += 1
                try:
                    flowables = method(node)
                finally:
                    self._in_table -= 1
            else:
                flowables = method(node)
        finally:
            self._depth -= 1
        if not self._in_table and model.revised(node):
            for leaf in _leaves(flowables):
                if isinstance(leaf, Paragraph):
                    leaf.change_bar = True
        kind = _ELEMENT.get(type(node).__name__)
        if kind == "H":
            kind = f"H{min(max(node.level, 1), 6)}"
        if kind:
            # one element for all a block's flowables, one each for a masthead's
            element = None
            for leaf in _leaves(flowables):
                if getattr(leaf, "_palais_element", None) is None and _draws_text(leaf):
                    if element is None or type(node).__name__ == "Masthead":
                        element = self._tags.element(kind, self._parent,
                                                     lang=getattr(node, "lang", ""))
                    tag(leaf, element)
        return flowables

    # -- blocks --------------------------------------------------------------

    def visit_para(self, node):
        spec = self.sheet.style(node.style)
        extra = {}
        if node.align:
            extra["alignment"] = self._alignment(node.align, node.style)
        if node.keep_with_next:
            extra["keepWithNext"] = 1
        if node.number:
            # "1." at the indent, text at the number tab, later lines back at the indent.
            extra.update(bulletIndent=spec.indent_left.pt, firstLineIndent=spec.number_tab.pt)
        markup = self._markup(node.content, spec)
        if node.anchor:
            markup = f'<onDraw name="{ANCHOR_CALLBACK}" label="{node.anchor}"/>' + markup
        if node.change in ("deleted", "moved-from"):
            extra["bulletColor"] = DELETED_COLOUR     # the old number, with the old words
        markup, bullet = self._bullet(node.number, spec, markup)
        return [Paragraph(markup, self._style(node.style, node.lang, **extra), bulletText=bullet)]

    def visit_heading(self, node):
        spec = self.sheet.style(node.style)
        index = len(self._headings)
        self._headings.append(node)
        extra = {"keepWithNext": 1}
        if node.number:
            extra.update(bulletIndent=(spec.indent_left + spec.number_tab).pt, bulletAnchor="end")
        marker = f'<onDraw name="{HEADING_CALLBACK}" label="{index}"/>'
        markup, bullet = self._bullet(node.number, spec, marker + self._markup(node.content, spec))
        return [HangingParagraph(markup, self._style(node.style, **extra), bulletText=bullet)]

    def visit_list(self, node):
        spec = self.sheet.style(node.style)
        # Each nesting level moves label and text one tab step to the right.
        shift = (spec.text_tab - spec.label_tab) * (node.level - 1)
        if spec.label_tab < Pt(0):
            # A hanging label, left of the indent: wrapped lines align with the text.
            style = self._style(node.style, node.lang,
                                leftIndent=(spec.indent_left + shift).pt,
                                bulletIndent=(spec.indent_left + spec.label_tab + shift).pt,
                                firstLineIndent=spec.text_tab.pt)
        else:
            style = self._style(node.style, node.lang,
                                bulletIndent=(spec.indent_left + spec.label_tab + shift).pt,
                                firstLineIndent=(spec.text_tab + shift).pt)
        out = []
        parent = self._parent
        listing = self._tags.element("L", parent, lang=node.lang)
        for item in node.items:
            markup, bullet = self._bullet(item.label, spec, self._markup(item.content, spec))
            entry = self._tags.element("LI", listing)
            out.append(tag(Paragraph(markup, style, bulletText=bullet),
                           self._tags.element("LBody", entry)))
            self._parent = entry
            for child in item.children:
                out += self._visit(child)
            self._parent = parent
        return out

    def visit_signature(self, node):
        spec = self.sheet.style(node.style)
        text = "<br/>".join(self._markup(line, spec) for line in node.lines)
        return [KeepTogether([Paragraph(text, self._style(node.style))])]

    def visit_masthead(self, node):
        out = [MastheadBlock(node, self.sheet, self._markup_for(self.sheet.style("MastOrg").font),
                             self._rtl),
               Spacer(1, self.sheet.length("masthead", "agenda-space-before").pt)]
        # The agenda block sits flush at the page margin, narrower than the body.
        right = (self.sheet.page.frame_width - self.sheet.length("masthead", "agenda-width")).pt
        for line in node.agenda:
            name = "AgendaBold" if line.bold else "AgendaLine"
            spec = self.sheet.style(name)
            out.append(Paragraph(self._markup(line.content, spec),
                                 self._style(name, leftIndent=0, rightIndent=right)))
        return out

    def visit_endnotes(self, node):
        """Print the end notes under their title, set like footnotes."""
        if not node.notes:
            return []
        notes = [self._note(note) for note in node.notes]
        return [self._plain(node.title, "H1", keepWithNext=1)] + notes

    def visit_toc(self, node):
        """Set the contents: its title and captions now, its lines where the story
        ends (``_end_story``), once every heading of the document is known."""
        inline = self._markup_for(self.sheet.style(node.style).font)
        length = lambda key: self.sheet.length("toc", key).pt
        out = [tag(self._plain(node.title, "TocHeading", keepWithNext=1),
                   self._tags.element("P", self._parent))]
        contents = self._tags.element("TOC", self._parent)
        columns = ((node.paragraphs_label, "paragraphs-end"), (node.page_label, "page-end"))
        captions = [(label, length(key)) for label, key in columns if label]
        if captions:
            out.append(Captions(captions, inline, self.sheet.style("TocCaption"), self._rtl))
        if self._depth > 1:                  # within a box: no heading is listed later
            return out + self._toc_lines(node, contents)
        slot = Spacer(0, 0)
        self._contents.append((node, contents, slot))
        return out + [slot]

    def _toc_lines(self, node, contents) -> list:
        """Return the lines of Toc ``node``, the entries of element ``contents``."""
        length = lambda key: self.sheet.length("toc", key).pt
        inline = self._markup_for(self.sheet.style(node.style).font)
        spec = self.sheet.style(node.style)
        style = self._style(node.style, leftIndent=0, rightIndent=0, firstLineIndent=0,
                            alignment=TA_LEFT)
        indent, step = spec.indent_left.pt, length("level-step")
        out = []
        for entry in node.entries:
            level = max(entry.level, 1)
            geometry = {
                # Chapter numerals end on a right tab; "A.", "1." start one step in.
                "number_x": length("number-end") if level == 1 else indent + (level - 2) * step,
                "number_anchor": "end" if level == 1 else "start",
                "title_x": indent + (level - 1) * step,
                "title_end": float(self.sheet.toc.get("title-width", 0.75)) * length("page-end"),
                "leader_end": length("leader-end"), "paragraphs_end": length("paragraphs-end"),
                "page_end": length("page-end")}
            title = Paragraph(self._markup(entry.content, spec), style)
            paragraphs = entry.paragraphs if node.paragraphs_label else ""
            out.append(tag(TocLine(title, entry.number, paragraphs, self._page_of(entry.anchor),
                                   geometry, inline, spec, self.sheet.toc.get("leader", " . "),
                                   self._rtl, self._late, link=self._link_to(entry.anchor)),
                           self._tags.element("TOCI", contents)))
        return out

    def _archive(self, canv) -> None:
        """Add what PDF/A-2b asks, as the file is saved; with option ``pdfa``, a font
        that cannot be embedded is an error."""
        meta = self._document.meta
        self._tags.finish(canv)
        readout.name_no_break_spaces(canv._doc)
        self.archival = archive.finish(canv, build_time(meta.date), meta.language,
                                           require=bool(self.options.get("pdfa")))

    def _link_to(self, anchor):
        """Return a function giving, once the story is made, the destination of the
        heading ``anchor`` names (None when none has it)."""
        return lambda: self._nav.anchor_key(anchor)

    def _page_of(self, anchor):
        """Return a function giving, once the layout is done, the page of the heading
        ``anchor`` names ("" when none has it)."""
        def page() -> str:
            for index, heading in enumerate(self._headings):
                if heading.anchor == anchor and index in self._heading_page_map:
                    return str(self._heading_page_map[index])
            return ""
        return page

    def visit_box(self, node):
        """Frame the box's blocks with a thin rule just outside the body column."""
        parent = self._parent
        self._parent = self._tags.element("Div", parent)
        content = [tag(self._plain(node.title, node.style), self._tags.element("P", self._parent))
                   ] if node.title else []
        for block in node.blocks:
            content += self._visit(block)
        self._parent = parent
        body = self.sheet.style("SingleTxt")
        rule, pad = self.sheet.length("box", "rule"), self.sheet.length("box", "padding")
        left = (body.indent_left - pad).pt
        right = (self.sheet.page.frame_width - body.indent_right + pad).pt
        left, right = self._across(left, right)
        return [BoxBlock(content, left, right, rule.pt, pad.pt)]

    def visit_figure(self, node):
        """Set label, bold title, the image (or an empty frame) and the note, kept together."""
        out = []
        if node.label:
            out.append(self._plain(node.label, "FigureTitle", bold=False, keepWithNext=1))
        out.append(self._plain(node.title, "FigureTitle", keepWithNext=1))
        body = self.sheet.style("SingleTxt")
        left, right = body.indent_left.pt, (self.sheet.page.frame_width - body.indent_right).pt
        left, right = self._across(left, right)
        height = node.height.pt if node.height is not None else 200
        if node.image and Path(node.image).is_file():
            image = Image(node.image)
            scale = min((right - left) / image.imageWidth, height / image.imageHeight)
            out.append(tag(Image(node.image, image.imageWidth * scale, image.imageHeight * scale),
                           self._tags.element("Figure", self._parent, alt=node.title)))
        else:
            if node.image:
                self.warn("figure-image-missing", f"figure {node.title!r}: no image file "
                          f"{node.image}; an empty frame stands in for it")
            out.append(tag(FigureFrame(left, right, height, self.sheet.length("box", "rule").pt),
                           self._tags.element("Figure", self._parent, alt=node.title)))
        if node.note:
            spec = self.sheet.style("FigureNote")
            out.append(Paragraph(self._markup(node.note, spec), self._style("FigureNote")))
        return [KeepTogether(out)]

    def _across(self, left: float, right: float) -> tuple:
        """Return the span ``left``–``right`` of the frame as the page has it: mirrored
        on a right-to-left page."""
        if not self._rtl:
            return left, right
        width = self.sheet.page.frame_width.pt
        return width - right, width - left

    def visit_table(self, node):
        return table_flowables(self, node)

    def visit_pagebreak(self, node):
        return [PageBreak()]

    def visit_answerline(self, node):
        """A rule across the text's width, on the baseline of one line of the style."""
        spec = self.sheet.style(node.style)
        left = spec.indent_left.pt
        right = (self.sheet.page.frame_width - spec.indent_right).pt
        left, right = self._across(left, right)
        return [AnswerRule(left, right, spec.leading.pt, spec.size.pt * 0.25,
                           HexColor("#" + spec.color), spec.space_before.pt,
                           spec.space_after.pt)]

    def visit_spacer(self, node):
        return [Spacer(1, node.height.pt)]

    # -- notes ---------------------------------------------------------------

    def _note(self, note):
        name = self.sheet.footnotes["style"]
        spec = self.sheet.style(name)
        gap = self.sheet.length("footnotes", "mark-gap")
        style = self._style(name, bulletIndent=(spec.indent_left - gap).pt, bulletAnchor="end",
                            bulletFontSize=spec.size.pt * SUPERSCRIPT_SIZE,
                            bulletOffsetY=spec.size.pt * SUPERSCRIPT_RISE)
        markup = self._markup_for(spec.font).markup(note.content, spec.size, spec.bold,
                                                    spec.italic, in_note=True)
        return tag(HangingParagraph(markup, style, bulletText=note.mark),
                   self._tags.element("P", self._tags.element("Note")))

    def _rule(self) -> dict:
        length = lambda key: self.sheet.length("footnotes", key).pt
        return {"width": length("separator-width"), "length": length("separator-length"),
                "indent": length("separator-indent"), "above": length("separator-above"),
                "below": length("separator-below")}

    @staticmethod
    def _author(document) -> str:
        masthead = next((b for b in document.blocks() if isinstance(b, Masthead)), None)
        return masthead.org if masthead else ""


def _too_large(message: str, sheet: str) -> str:
    """Return reportlab's "Flowable … too large on page" as words for the user."""
    match = re.search(r">(.{0,60}?)\(([\d.]+) x ([\d.]+)\) too large on page (\d+) in frame "
                      r"'\w+'\(([\d.]+) x (-?[\d.]+)", message, re.S)
    if not match:
        return f"the layout failed: {message.strip()[:300]}"
    text, _width, height, page, _frame_width, room = match.groups()
    return (f"page {page}: a block {float(height):g}pt tall ({text.strip()!r}…) cannot fit the "
            f"{max(float(room), 0):g}pt a page holds; make it shorter, or check the sizes and "
            f"spacing in {sheet}")




@contextlib.contextmanager
def _binary_streams():
    """Write compressed streams as binary, not ASCII85 text, for this build.

    ASCII85 adds a quarter to every stream and, in pure Python, a tenth of the
    build's time; a PDF is a binary file anyway. reportlab reads the switch from
    its process-wide settings as it writes, so it is set here and put back."""
    from reportlab import rl_config
    kept = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = kept


@contextlib.contextmanager
def _compressed_by(streams):
    """Within the block, let the streams ``streams`` has compressed elsewhere
    (palais.parallel.Streams) be written as it gives them back, the others as
    reportlab compresses them."""
    if streams is None:
        yield
        return
    from reportlab.pdfbase.pdfdoc import PDFStreamFilterZCompress
    compress = PDFStreamFilterZCompress.encode

    def encode(self, text):
        done = streams.compressed(text)
        return done if done is not None else compress(self, text)
    PDFStreamFilterZCompress.encode = encode
    try:
        yield
    finally:
        PDFStreamFilterZCompress.encode = compress


def _has_contents(document) -> bool:
    from ...model import Toc
    return any(isinstance(block, Toc) for block in document.blocks())


# The structure element each kind of block's flowables are the content of ("H":
# H1 … H6 by the heading's level); lists, contents, boxes, figures and tables
# make their own.
_ELEMENT = {"Para": "P", "Heading": "H", "Signature": "P", "Masthead": "P", "Endnotes": "P",
            "Figure": "P"}


_LINES_SENT = 8          # paragraphs broken elsewhere sent at a time
_LINES_AHEAD = 8         # paragraphs left to the layout, ahead of its place, as told
_LINES_HELD = 160        # paragraphs' lines sent ahead of the layout, at most


def _headings_before(sections) -> list:
    """Return, for each of ``sections``, how many headings the sections before hold."""
    def count(blocks) -> int:            # headings stand in sections and boxes only
        return sum(1 if isinstance(block, model.Heading) else
                   count(block.blocks) if isinstance(block, model.Box) else 0
                   for block in blocks)
    found, total = [], 0
    for section in sections:
        found.append(total)
        total += count(section.blocks)
    return found


def _line_key(paragraph):
    """Return what tells a paragraph from others made in another process from the
    same document (forked, it hashes text alike), or None: its kind, text, bullet
    and style (what the style was asked with, not its name, which counts the
    styles made before)."""
    style = paragraph.style
    try:
        return hash((type(paragraph).__name__, paragraph.text, paragraph.bulletText,
                     getattr(style, "palais_asked", None) or style.name))
    except (AttributeError, TypeError):
        return None


def _in_frame(flowables):
    """Yield the paragraphs of ``flowables`` the layout wraps at the frame's width: those
    of the story itself and of its groups kept together."""
    for flowable in flowables:
        if isinstance(flowable, Paragraph):
            yield flowable
        elif isinstance(flowable, KeepTogether):
            yield from _in_frame(flowable._content)


def _leaves(flowables):
    """Yield the flowables that draw themselves: inside groups kept together, boxes."""
    for flowable in flowables:
        inner = getattr(flowable, "_content", None)
        if inner is not None:
            yield from _leaves(inner)
        else:
            yield flowable


def _draws_text(flowable) -> bool:
    from reportlab.platypus import Spacer as _Spacer
    from reportlab.platypus.doctemplate import ActionFlowable
    return not isinstance(flowable, (_Spacer, ActionFlowable))
