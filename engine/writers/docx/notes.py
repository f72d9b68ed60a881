"""Model notes and note calls -> Word footnotes (word/footnotes.xml) and reference runs."""
from __future__ import annotations

from docx.enum.text import WD_LINE_SPACING
from docx.shared import Emu

from ...errors import RenderError
from ...units import Length
from . import ooxml, parts, revisions
from .ooxml import emu


class Notes:
    """The footnotes of one render: ids in call order, and the part created on first use."""

    def __init__(self, writer):
        self.writer = writer
        self.ids = {}            # note id -> footnote id
        self._numbered = 0       # how many notes Word has numbered so far
        self._inside = False
        self._part = None

    def call(self, note, sink, marks) -> None:
        """Call ``note`` from ``sink``; its first call writes the note itself."""
        if self._inside:
            raise RenderError(f"note {note.mark!r} is called from inside another note; "
                              "Word notes cannot call notes")
        run = sink.add_run()
        ooxml.use_style(run, self.writer.note_ref)
        self.writer.mark(run, marks)
        if note.placement == "end" or note.id in self.ids:
            # an end note is printed by its Endnotes block, and a Word note takes one
            # reference: these calls show the mark as text
            run.text = note.mark
            return
        note_id = self.ids[note.id] = len(self.ids) + 1
        # Word numbers auto notes itself and customMarkFollows notes take no number
        # (ECMA-376 §17.11.14); a mark that count would not produce is written out
        custom = note.custom_mark or note.mark != str(self._numbered + 1)
        if not custom:
            self._numbered += 1
        parts.add_note_reference(run, note_id, note.mark if custom else "")
        self._write(note, note_id, custom)

    def _write(self, note, note_id: int, custom: bool) -> None:
        para = self._notes_part().add_note(note_id)
        mark = self._layout(para, note.mark)
        if custom:
            mark.text = note.mark
        else:
            parts.add_special_char(mark, "footnoteRef")
        self._content(para, note)
        if note.change:
            # its mark and tab with its words; the note goes or stays with its call
            revisions.whole_paragraph(para._p, note.change, mark=False)

    def write_end_notes(self, node) -> None:
        """Print the notes of Endnotes block ``node`` under its title, laid out as footnotes."""
        if not node.notes:
            return
        title = self.writer.paragraph("H1")
        title.add_run(node.title)
        title.paragraph_format.keep_with_next = True
        for note in node.notes:
            para = self.writer.paragraph(self._style().name)
            self._layout(para, note.mark).text = note.mark
            self._content(para, note)

    def _style(self):
        sheet = self.writer.sheet
        return sheet.style(sheet.footnotes.get("style", "FootnoteText"))

    def _layout(self, para, mark_text: str = "1"):
        """Lay ``para`` out as a note whose mark is ``mark_text``; return the empty run
        that shows its mark."""
        writer, style = self.writer, self._style()
        ooxml.use_style(para, writer.styles[style.name])
        fmt = para.paragraph_format
        # The mark first, ending mark-gap before the indent; text and wrapped lines at
        # the indent. The mark starts the paragraph, as LibreOffice puts a note's
        # number first whatever comes before it, and it then shows a custom mark once.
        # (Both indents: LibreOffice reads a lone first-line value as a zero left one.)
        gap = writer.sheet.length("footnotes", "mark-gap")
        width = self._mark_width(mark_text)
        fmt.left_indent = emu(style.indent_left)
        fmt.first_line_indent = emu(-(gap + width))
        fmt.tab_stops.add_tab_stop(emu(style.indent_left))
        if "space-between" in writer.sheet.footnotes:
            fmt.space_after = emu(writer.sheet.length("footnotes", "space-between"))
        mark = para.add_run()
        ooxml.use_style(mark, writer.note_ref)
        para.add_run("\t")
        return mark

    def _mark_width(self, text: str) -> Length:
        """Return about how wide note mark ``text`` is, raised and small (0.55 em a
        figure of the mark's size) [E]."""
        style = self._style()
        return Length(style.size.pt * 0.583 * 0.55 * max(len(text), 1))

    def _content(self, para, note) -> None:
        self._inside = True
        try:
            self.writer.inline(ooxml.RunSink.of(para), note.content)
        finally:
            self._inside = False

    def _notes_part(self):
        if self._part is not None:
            return self._part
        writer = self.writer
        part = self._part = parts.FootnotesPart.attach(writer.doc)

        def length(key) -> Length:
            return writer.sheet.length("footnotes", key)

        # the separator is a short rule drawn as a paragraph border, so that its length
        # and indent follow the sheet; Word's separator character has a fixed length
        rule = part.add_note(-1, "separator")
        fmt = rule.paragraph_format
        fmt.left_indent = emu(length("separator-indent"))
        fmt.right_indent = emu(writer.sheet.page.frame_width - length("separator-indent")
                               - length("separator-length"))
        fmt.line_spacing = emu(length("separator-above"))
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.space_before, fmt.space_after = Emu(0), emu(length("separator-below"))
        ooxml.paragraph_rule(rule, length("separator-width"), Length(0))
        # the mark itself, hidden: Word shows the border only, while LibreOffice, which
        # ignores what the separator note holds, draws its own line only if the mark is there
        mark = rule.add_run()
        mark.font.hidden = True
        parts.add_special_char(mark, "separator")
        going_on = part.add_note(0, "continuationSeparator")
        going_on.paragraph_format.space_after = Emu(0)
        parts.add_special_char(going_on.add_run(), "continuationSeparator")
        parts.footnote_settings(writer.doc.settings.element, (-1, 0))
        return part
