"""Model tree + resolved style sheet -> DOCX bytes, through python-docx and ``ooxml``."""
from __future__ import annotations

import typing
from dataclasses import replace

import docx
from docx.enum.text import WD_BREAK, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Emu

from ... import model
from ...errors import RenderError
from ...records import record
from ...units import Length
from ...words import is_rtl
from .. import Writer, build_time
from ..bidi import direction_segments
from . import ooxml, parts, report, revisions, table
from .notes import Notes
from .numbering import WordNumbering, label_format, number_paragraph
from .ooxml import emu
from .page import agenda_columns, masthead_table, set_up_pages, start_section
from .styles import _ALIGN, WordStyles, _heading_levels, lang_tag

_INLINE = typing.get_args(model.Inline)
_BLOCKS = typing.get_args(model.Block) + (model.Section,)
_ZERO = Length(0)


@record
class _Marks:
    """The character formatting that enclosing inline nodes put on a run."""
    bold: bool = False
    italic: bool = False
    small_caps: bool = False
    vert: str = ""
    change: str = ""            # "inserted", "deleted": the run is a revision
    was: tuple = None           # the formatting before, when only that changed


def _indent(para, left: Length, first: Length) -> None:
    # both values, always: LibreOffice reads a lone first-line value as a zero left indent
    ooxml.indent(para, left.emu, first.emu)


def _tab(para, position: Length, alignment: str = "left") -> None:
    ooxml.tab_stop(para, position.emu, alignment)


class DocxWriter(WordStyles, Writer):
    """Write a model Document as a Word file with real styles, footnotes and running heads.

    The core properties' created/modified stamps are ``build_time()``, as in the
    PDF, so equal input gives equal bytes. Option ``page_numbers`` maps heading anchors to the pages a layout found
    (the PDF writer's); contents entries show them until Word updates their fields.
    """

    name = "Word"
    format = "docx"

    def render(self, document) -> bytes:
        """Return the DOCX bytes of ``document``."""
        self.draft(document)
        return self.finish(self.options.get("page_numbers"), self.options.get("page_count"))

    def draft(self, document) -> None:
        """Write ``document`` but for what the PDF layout tells: the pages its contents
        print and the page count of the file's properties, which ``finish`` fills."""
        self._document = document
        self.page_fields = []          # (run, heading anchor): a contents entry's page
        self.doc = docx.Document()
        self.styles = {}
        self._break_before = False
        self._after_masthead = False
        self._empty = True
        self._bookmarks = 0
        self.notes = Notes(self)
        self.numbering = WordNumbering(self.doc)
        parts.drop_template_extras(self.doc)
        self._define_styles(document.meta.language, _heading_levels(document))
        self._meta = document.meta
        self._page_style = set_up_pages(self, document)
        progress = self.options.get("progress")
        for index, section in enumerate(document.sections, 1):
            self.visit(section)
            if progress is not None:
                progress("docx", index)
        if self._break_before:
            self._break_paragraph()
        for note in document.notes:
            if note.placement == "foot" and note.id not in self.notes.ids:
                self.warn("note-not-called", f"note {note.mark!r} ({note.id}) is never called, "
                                             "so Word cannot show it")
        # The pages filled in later are figures: no right-to-left text, no revision.
        self._scripts(is_rtl(document.meta.language))
        self.revisions = revisions.finish(self._stories(), self.options.get("author", "Palais"),
                                          build_time(document.meta.date).strftime(
                                              "%Y-%m-%dT%H:%M:%SZ"))
        self._set_core_properties(document)
        self._counts = model.counts(document)
        # Every part but those holding the contents' pages (filled in by ``finish``) and
        # the application's properties (the page count) is written now.
        changing = {self._part_of(run) for run, _ in self.page_fields} | {parts.app_part(self.doc)}
        self._kept = parts.part_blobs(self.doc, changing)

    def finish(self, page_numbers: typing.Optional[dict],
               page_count: typing.Optional[int]) -> bytes:
        """Return the bytes of the drafted document, its contents showing
        ``page_numbers`` (heading anchor -> page) and its properties ``page_count``
        (None: not known)."""
        document = self._document
        if page_numbers is not None:
            self.options["page_numbers"] = page_numbers
        if page_count is not None:
            self.options["page_count"] = page_count
        pages = self.options.get("page_numbers") or {}
        for run, anchor in self.page_fields:
            text = str(pages.get(anchor, ""))
            if text:
                run.text = text
        parts.app_properties(self.doc, self._counts, self.options.get("page_count"),
                             document.meta.author)
        return parts.package_bytes(self.doc, self._kept)

    # -- dispatch -------------------------------------------------------------

    def visit(self, node) -> None:
        """Render block ``node`` with its ``visit_<type>`` method; raise RenderError if none."""
        kind = type(node).__name__
        handler = getattr(self, f"visit_{kind.lower()}", None)
        if handler is None or isinstance(node, _INLINE):
            raise RenderError(f"the Word writer cannot render a {kind} node as a block; "
                              f"expected one of {', '.join(t.__name__ for t in _BLOCKS)}")
        handler(node)

    def inline(self, sink, nodes, marks=_Marks()) -> None:
        """Render inline ``nodes`` into ``sink`` (an ooxml.RunSink) with ``marks``."""
        for node in nodes:
            kind = type(node).__name__
            handler = getattr(self, f"visit_{kind.lower()}", None)
            if handler is None or isinstance(node, _BLOCKS):
                raise RenderError(f"the Word writer cannot render a {kind} node inside a "
                                  f"paragraph; expected one of "
                                  f"{', '.join(t.__name__ for t in _INLINE)}")
            handler(node, sink, marks)

    def paragraph(self, style_name: str | None):
        """Append a body paragraph in ``style_name``; apply a pending break or title gap."""
        style = self.styles[self.sheet.style(style_name).name] if style_name else None
        para = ooxml.new_paragraph(self.doc._body)
        ooxml.use_style(para, style)
        if self._break_before:
            ooxml.on(ooxml.properties(para._p), "pageBreakBefore", ooxml.PPR_ORDER)
            self._break_before = False
        if self._after_masthead:
            gap = self.sheet.length("masthead", "title-space-before")
            para.paragraph_format.space_before = emu(gap)
            self._after_masthead = False
        self._empty = False
        return para

    def _break_paragraph(self) -> None:
        # a table cannot carry pageBreakBefore, so the break gets a paragraph of its own
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        self._break_before = False

    # -- blocks -------------------------------------------------------------

    def visit_section(self, node) -> None:
        if not self._empty and (node.odd or node.page_style != self._page_style):
            # a Word section of its own: Word starts it on a new (or the next odd) page
            start_section(self, node.page_style, node.odd, self._page_style, self._meta)
            self._page_style = node.page_style
        elif node.new_page and not self._empty:
            self._break_before = True
        for block in node.blocks:
            self.visit(block)

    def visit_para(self, node) -> None:
        style = self.sheet.style(node.style)
        para = self.paragraph(node.style)
        if node.number:
            # "1." at the indent, text at the number tab, wrapped lines back at the indent
            _tab(para, style.indent_left + style.number_tab)
            if style.first_indent != _ZERO:
                _indent(para, style.indent_left, _ZERO)
            num_id = self.numbering.paragraph_count(node.number) \
                if node.change in ("deleted", "moved-from") \
                else self.numbering.paragraph_number(node.number)
            if num_id is not None:
                number_paragraph(para, num_id)         # Word counts it, and renumbers
            else:
                # The space before the tab changes nothing on the page, but text taken
                # from the file's runs then reads "1. Text", not "1.Text".
                self._counted(para, node.number, node.number_was, after=" \t")
        if node.align:
            if node.align not in _ALIGN:
                raise RenderError(f"paragraph alignment {node.align!r} is unknown; expected "
                                  f"one of {', '.join(_ALIGN)}")
            para.paragraph_format.alignment = _ALIGN[node.align]
        if node.keep_with_next:
            ooxml.on(ooxml.properties(para._p), "keepNext", ooxml.PPR_ORDER)
        self.inline(ooxml.RunSink.of(para), node.content)
        ooxml.mark_language(para._p, node.lang and lang_tag(node.lang), is_rtl(node.lang),
                            node.lang == "zh")
        self._whole(para, node)
        if node.anchor:
            self._bookmarks += 1
            ooxml.bookmark(para, report.bookmark_name(node.anchor), self._bookmarks)

    @staticmethod
    def _counted(para, number: str, was, before: str = "", after: str = "") -> None:
        """Write the typed ``number`` of ``para``; in a comparison where the old draft
        had another (``was``), that one deleted before it, inserted."""
        if was is None or was == number:
            para.add_run(before + number + after)
            return
        if before:
            para.add_run(before)
        for text, change in ((was, "deleted"), (number, "inserted")):
            if text:
                revisions.track(para.add_run(text)._r, change)
        if after:
            para.add_run(after)

    def _whole(self, para, node) -> None:
        """Mark a paragraph of a comparison inserted, deleted or moved whole."""
        if node.change:
            revisions.whole_paragraph(para._p, node.change, model.plain_text(node.content))

    def visit_heading(self, node) -> None:
        style = self.sheet.style(node.style)
        para = self.paragraph(node.style)
        if node.number:
            # the number hangs before the indent, right-aligned on a tab; text at the indent
            _indent(para, style.indent_left, -style.indent_left)
            _tab(para, style.indent_left + style.number_tab, "right")
            _tab(para, style.indent_left)
            self._counted(para, node.number, node.number_was, before="\t", after=" \t")
        if node.toc:
            ooxml.outline_level(para, node.level)
        else:
            # Left out of the contents: an updated contents field leaves it out too.
            ooxml.body_text_level(para)
        self.inline(ooxml.RunSink.of(para), node.content)
        self._whole(para, node)
        if node.anchor:
            self._bookmarks += 1
            ooxml.bookmark(para, report.bookmark_name(node.anchor), self._bookmarks)

    def visit_list(self, node) -> None:
        style = self.sheet.style(node.style)
        step = (style.text_tab - style.label_tab) * (node.level - 1)
        for item in node.items:
            if not isinstance(item, model.ListItem):
                raise RenderError(f"a List holds ListItem nodes, not {type(item).__name__}")
        # Word counts the labels when its counting prints them as they are.
        # (In a comparison, by the labels of the new draft's items: those deleted stay
        # in the count; a list deleted whole by the old draft's.)
        kept = [item.label for item in node.items if item.change != "deleted"]
        counted = label_format(kept or [item.label for item in node.items])
        num_id = self.numbering.start(*counted) if counted else None
        for item in node.items:
            para = self.paragraph(node.style)
            if style.label_tab < _ZERO:
                # A hanging label: the first line starts at the label, left of the
                # indent, and wrapped lines align with the text.
                _indent(para, style.indent_left + step, style.label_tab)
                _tab(para, style.indent_left + style.text_tab + step)
                if num_id is None:
                    self._counted(para, item.label, item.label_was, after=" \t")
            elif num_id is not None:
                # Word sets the label where the first line starts: at its tab.
                _tab(para, style.indent_left + style.text_tab + step)
                _indent(para, style.indent_left, style.label_tab + step)
            else:
                _tab(para, style.indent_left + style.label_tab + step)
                _tab(para, style.indent_left + style.text_tab + step)
                if style.first_indent != _ZERO:
                    _indent(para, style.indent_left, _ZERO)
                self._counted(para, item.label, item.label_was, before="\t", after=" \t")
            if num_id is not None:
                number_paragraph(para, num_id)
            self.inline(ooxml.RunSink.of(para), item.content)
            ooxml.mark_language(para._p, node.lang and lang_tag(node.lang), is_rtl(node.lang),
                                node.lang == "zh")
            self._whole(para, item)
            for child in item.children:
                self.visit(child)

    def visit_signature(self, node) -> None:
        for index, line in enumerate(node.lines):
            para = self.paragraph(node.style)
            if index:
                # the style's space before separates the block, not its lines
                para.paragraph_format.space_before = Emu(0)
            if index < len(node.lines) - 1:
                para.paragraph_format.keep_with_next = True
            self.inline(ooxml.RunSink.of(para), line)
            if node.changes and node.changes[index]:
                revisions.whole_paragraph(para._p, node.changes[index])

    def visit_toc(self, node) -> None:
        report.toc(self, node)

    def visit_box(self, node) -> None:
        report.box(self, node)

    def visit_figure(self, node) -> None:
        report.figure(self, node)

    def visit_table(self, node) -> None:
        table.table(self, node)

    def visit_endnotes(self, node) -> None:
        self.notes.write_end_notes(node)

    def visit_pagebreak(self, node) -> None:
        self._break_before = True

    def visit_answerline(self, node) -> None:
        """An empty paragraph of the style, ruled under its whole width."""
        style = self.sheet.style(node.style)
        para = self.paragraph(node.style)
        ooxml.paragraph_rule(para, Length(0.5), Length(0), color=style.color)

    def visit_spacer(self, node) -> None:
        if not isinstance(node.height, Length):
            raise RenderError(f"a Spacer needs a Length height, got {node.height!r}")
        para = self.paragraph("Normal" if "Normal" in self.sheet.styles else None)
        fmt = para.paragraph_format
        fmt.space_before = fmt.space_after = Emu(0)
        fmt.line_spacing = emu(node.height)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY

    def visit_masthead(self, node) -> None:
        if self._break_before:
            self._break_paragraph()
        masthead_table(self, node)
        self._empty = False
        space = self.sheet.length("masthead", "agenda-space-before")
        if "page-top" in self.sheet.masthead:
            space = space - Length(1)          # the masthead's header ends in a 1pt line
        if node.agenda_side:
            # A joint document: the second organ's lines at column 3, beside the first's.
            left, right = agenda_columns(self)
            self._agenda_lines(node.agenda, left.add_paragraph, space, in_cell=True)
            self._agenda_lines(node.agenda_side, right.add_paragraph, space, in_cell=True)
            for cell in (left, right):
                ooxml.drop_first_paragraph(cell)
        else:
            self._agenda_lines(node.agenda, lambda: self.paragraph(None), space)
        self._after_masthead = True

    def _agenda_lines(self, lines, new_paragraph, space, in_cell=False) -> None:
        for index, line in enumerate(lines):
            if not isinstance(line, model.MastheadLine):
                raise RenderError(f"a Masthead agenda holds MastheadLine nodes, "
                                  f"not {type(line).__name__}")
            para = new_paragraph()
            ooxml.use_style(para, self.styles[self.sheet.style("AgendaBold" if line.bold else
                                                               "AgendaLine").name])
            if in_cell:
                para.paragraph_format.right_indent = Emu(0)    # the cell is the width
            if index == 0:
                para.paragraph_format.space_before = emu(space)
            self.inline(ooxml.RunSink.of(para), line.content)

    # -- inline -------------------------------------------------------------

    def visit_text(self, node, sink, marks) -> None:
        run = sink.add_run()
        try:
            ooxml.set_text(run, node.text)
        except ValueError:
            raise RenderError(f"text holds a character Word files cannot contain: "
                              f"{node.text[:60]!r}") from None
        self.mark(run, marks)

    def visit_emph(self, node, sink, marks) -> None:
        self.inline(sink, node.children, replace(marks, italic=True))

    def visit_strong(self, node, sink, marks) -> None:
        self.inline(sink, node.children, replace(marks, bold=True))

    def visit_smallcaps(self, node, sink, marks) -> None:
        self.inline(sink, node.children, replace(marks, small_caps=True))

    def visit_sup(self, node, sink, marks) -> None:
        self.inline(sink, node.children, replace(marks, vert="superscript"))

    def visit_sub(self, node, sink, marks) -> None:
        self.inline(sink, node.children, replace(marks, vert="subscript"))

    def visit_link(self, node, sink, marks) -> None:
        if sink.element.tag.endswith("}hyperlink"):
            # Word cannot nest links: the inner one keeps its text only
            self.inline(sink, node.children, marks)
            return
        if node.href.startswith("#"):
            # a cross-reference: to the bookmark of its heading or paragraph
            target = sink.add_hyperlink(anchor=report.bookmark_name(node.href[1:]))
        else:
            target = sink.add_hyperlink(sink.part.relate_to(node.href, RT.HYPERLINK,
                                                            is_external=True))
        self.inline(target, node.children, marks)

    def visit_linebreak(self, node, sink, marks) -> None:
        # A space ends the line, unseen, so that text taken from the runs keeps the
        # words on either side of the break apart.
        run = sink.add_run()
        run.text = " "
        run.add_break()
        if marks.change:
            revisions.track(run._r, marks.change)

    def visit_inserted(self, node, sink, marks) -> None:
        self.inline(sink, node.children, replace(marks, change="inserted"))

    def visit_deleted(self, node, sink, marks) -> None:
        self.inline(sink, node.children, replace(marks, change="deleted"))

    def visit_restyled(self, node, sink, marks) -> None:
        self.inline(sink, node.children, replace(marks, was=tuple(node.was)))

    def visit_noteref(self, node, sink, marks) -> None:
        self.notes.call(node.note, sink, replace(marks, vert=""))

    @staticmethod
    def mark(run, marks) -> None:
        """Put the character formatting ``marks`` on ``run``, and its revision."""
        if marks.bold or marks.italic or marks.small_caps or marks.vert:
            props = ooxml.properties(run._r, paragraph=False)
            for wanted, name in ((marks.bold, "b"), (marks.italic, "i"),
                                 (marks.small_caps, "smallCaps")):
                if wanted:
                    ooxml.on(props, name, ooxml.RPR_ORDER)
            if marks.vert:
                ooxml.child(props, "vertAlign", ooxml.RPR_ORDER).set(ooxml.W_VAL, marks.vert)
        if marks.was is not None:
            revisions.restyle(run._r, marks.was)
        if marks.change:
            revisions.track(run._r, marks.change)

    # -- package ------------------------------------------------------------

    def _stories(self) -> list:
        """Return the root elements of the body, headers, footers and notes."""
        found = [self.doc.part] + [rel.target_part for rel in self.doc.part.rels.values()
                                   if not rel.is_external]
        return [part.element for part in found if getattr(part, "element", None) is not None]

    def _scripts(self, rtl: bool) -> None:
        """Finish every story for Arabic text: complex-script bold, italic and sizes,
        right-to-left runs, and in a right-to-left document mirrored tables and pages."""
        for element in self._stories():
            parts.complex_script_twins(element)
            parts.right_to_left_runs(element, direction_segments)
            if rtl:
                parts.right_to_left_layout(element)

    def _part_of(self, run):
        """Return the part of the package whose XML holds ``run``."""
        root = run._r.getroottree().getroot()
        for part in self.doc.part.package.iter_parts():
            if getattr(part, "_element", None) is root:
                return part
        return None

    def _set_core_properties(self, document) -> None:
        """Fill the file's properties as the PDF's: title, author (the organ or the
        organisation), subject (the symbol), language and dates; Word's "Properties"
        shows them, with the application and the counts (``parts.app_properties``)."""
        meta = document.meta
        props = self.doc.core_properties
        props.title = meta.title
        props.language = lang_tag(meta.language)
        props.author = props.last_modified_by = meta.author
        props.subject = meta.symbol
        props.comments = ""
        props.revision = 1
        # python-docx writes naive times as UTC
        props.created = props.modified = build_time(meta.date).replace(tzinfo=None)
