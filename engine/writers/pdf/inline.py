"""Inline model nodes -> reportlab paragraph markup, with a font chosen for every character."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from reportlab.pdfbase.pdfmetrics import stringWidth

from ...errors import MissingGlyphError, RenderError
from ...records import record
from ...units import Length
from ...xmltext import escape, quoteattr
from ..bidi import RTL_TEXT, SHAPED_TEXT, first_strong_rtl

# Unicode format characters (bidi marks and embeddings, joiners, the BOM): no glyph.
_FORMAT = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")

NOTE_CALLBACK = "palais_note"
HEADING_CALLBACK = "palais_heading"
ANCHOR_CALLBACK = "palais_anchor"      # a paragraph a cross-reference points at
# Draws nothing. reportlab sets a paragraph of one style in one piece and then draws
# the underline or strike of its second and later lines at the frame's edge, not at
# the paragraph's indent; a marker makes it set the paragraph word by word.
REVISION_CALLBACK = "palais_revision"
_REVISION_MARK = f'<onDraw name="{REVISION_CALLBACK}" label=""/>'
# A note call is a superscript of the text: at 10pt the glyph is ≈6.5pt (LAYOUT §6).
SUPERSCRIPT_SIZE = 0.65
SUPERSCRIPT_RISE = 0.35
SMALL_CAPS_SIZE = 0.8
INSERTED_COLOUR = "#1a5fb4"            # a redline's insertions (and restyled words)
DELETED_COLOUR = "#c01c28"             # and its deletions


def is_footnote(note) -> bool:
    """Return whether ``note`` goes to the foot of the page that calls it."""
    return getattr(note, "placement", "foot") == "foot"


@record
class _State:
    size: float
    bold: bool = False
    italic: bool = False
    small_caps: bool = False
    in_note: bool = False


class InlineMarkup:
    """Write inline nodes as para markup; every character is drawn by a font that has it.

    ``fonts`` is the FontResolution of the paragraph's font role. User text is
    always escaped, so "&", "<Co>" and "{{ x }}" come out as typed.
    """

    def __init__(self, fonts, warn):
        self.fonts = fonts
        self.warn = warn
        self._lines = {}
        self._primary_chars = None      # what the primary family draws
        self._families = {}             # character -> the family that draws it

    def markup(self, nodes, size: Length, bold=False, italic=False, in_note=False) -> str:
        """Return the markup of inline ``nodes`` in a paragraph of this size and face."""
        state = _State(size.pt, bold, italic, in_note=in_note)
        return "".join(self._visit(node, state) for node in nodes)

    def runs(self, text: str, bold=False, italic=False) -> list:
        """Return ``text`` as (font name, text) runs, each drawn by one font."""
        # reportlab breaks lines at U+202F; a no-break space keeps "77 %" together.
        # Composed characters are one glyph (e + U+0301 is é); format characters
        # (bidi marks, joiners) have no glyph and are left out of the PDF's text.
        if not text.isascii():             # ASCII has none of them
            text = _FORMAT.sub("", unicodedata.normalize("NFC", text.replace("\u202f", "\u00a0")))
        primary = self.fonts.primary
        if self._primary_chars is None:
            self._primary_chars = primary.characters() or frozenset()
        if self._primary_chars.issuperset(text):        # the common case: one run
            return [(primary.face(bold, italic), text)] if text else []
        out, start, current = [], 0, None
        for i, char in enumerate(text):
            family = self._families.get(char)
            if family is None:
                family = self._families[char] = self.fonts.family_for(char)
            if family is None:
                self._report_missing(char, text)
            face = family.face(bold, italic)
            if face != current:
                if current is not None:
                    out.append((current, text[start:i]))
                start, current = i, face
        if current is not None:
            out.append((current, text[start:]))
        return out

    def width(self, pieces, direction=None) -> float:
        """Return the width in points of ``pieces``: (text, size, bold, italic) tuples."""
        if self._needs_line(pieces, direction):
            return self._line(pieces, direction)[1]
        return sum(stringWidth(part, face, size.pt) for text, size, bold, italic in pieces
                   for face, part in self.runs(text, bold, italic))

    def draw(self, canv, pieces, x: float, y: float, anchor="start", direction=None) -> None:
        """Draw ``pieces`` one after another on the baseline ``y``, from or up to ``x``.

        ``x`` and ``anchor`` are positions on the page ("start" is the left end);
        ``direction`` ("rtl" or "ltr"; by default the first letter's) orders the
        words of mixed right-to-left and left-to-right text.
        """
        if self._needs_line(pieces, direction):
            line, width, baseline = self._line(pieces, direction)
            left = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
            line.drawOn(canv, left, y - baseline)
            return
        if anchor == "end":
            x -= self.width(pieces)
        elif anchor == "middle":
            x -= self.width(pieces) / 2
        # One text object, so that text extraction reads the pieces as one line.
        text_object = canv.beginText(x, y)
        for text, size, bold, italic in pieces:
            for face, part in self.runs(text, bold, italic):
                text_object.setFont(face, size.pt)
                text_object.textOut(part)
        canv.drawText(text_object)

    def place(self, canv, pieces, spot: tuple, y: float, direction=None) -> None:
        """Draw ``pieces`` at ``spot``, an (x, anchor) pair, on the baseline ``y``."""
        x, anchor = spot
        self.draw(canv, pieces, x, y, anchor=anchor, direction=direction)

    @staticmethod
    def _needs_line(pieces, direction) -> bool:
        """Return whether ``pieces`` need shaping or reordering: Arabic, Hebrew, or a
        right-to-left direction."""
        return direction == "rtl" or any(RTL_TEXT.search(text) or SHAPED_TEXT.search(text)
                                         for text, *_ in pieces)

    def _line(self, pieces, direction):
        """Return (paragraph, width, baseline) of ``pieces`` set as one shaped line in
        visual order; the paragraph's left edge is the line's start on the page."""
        key = (tuple((t, s.pt, b, i) for t, s, b, i in pieces), direction)
        if key in self._lines:
            return self._lines[key]
        from reportlab.lib.styles import ParagraphStyle
        from .blocks import Paragraph
        text = "".join(t for t, *_ in pieces)
        rtl = direction == "rtl" if direction else first_strong_rtl(text)
        size = pieces[0][1].pt if pieces else 10
        markup = "".join(f'<font size="{s.pt:g}">{self._text(t, _State(s.pt, b, i))}</font>'
                         for t, s, b, i in pieces)
        style = ParagraphStyle("palais-line", fontName=self.fonts.primary.face(), fontSize=size,
                               leading=size * 1.2, shaping=1, palais_rtl=int(rtl),
                               embeddedHyphenation=0, uriWasteReduce=0, splitLongWords=0)
        line = Paragraph(markup, style)
        line.wrap(1e6, 1e6)
        first = line.blPara.lines[0] if line.blPara.lines else None
        spare = first.extraSpace if first is not None and not isinstance(first, tuple) else \
            (first[0] if first is not None else 1e6)
        width = 1e6 - spare
        baseline = line.height - getattr(first, "fontSize", size)
        line.width = width
        self._lines[key] = (line, width, baseline)
        return self._lines[key]

    # -- nodes ---------------------------------------------------------------

    def _visit(self, node, state: _State) -> str:
        method = getattr(self, "visit_" + type(node).__name__.lower(), None)
        if method is None:
            raise RenderError(f"the PDF writer cannot render inline node {type(node).__name__}")
        return method(node, state)

    def _children(self, node, state: _State) -> str:
        return "".join(self._visit(child, state) for child in node.children)

    def visit_text(self, node, state):
        return self._text(node.text, state)

    def visit_emph(self, node, state):
        # Emphasis inside italic text is set in roman, as editors do.
        return self._children(node, replace(state, italic=not state.italic))

    def visit_strong(self, node, state):
        return self._children(node, replace(state, bold=True))

    def visit_smallcaps(self, node, state):
        return self._children(node, replace(state, small_caps=True))

    def visit_sup(self, node, state):
        return self._raised("super", state, lambda small: self._children(node, small))

    def visit_sub(self, node, state):
        return self._raised("sub", state, lambda small: self._children(node, small))

    def visit_link(self, node, state):
        return f"<a href={quoteattr(node.href)}>{self._children(node, state)}</a>"

    def visit_linebreak(self, node, state):
        return "<br/>"

    # A comparison's revisions: words put in underlined, words taken out struck through.

    def visit_inserted(self, node, state):
        return (f'{_REVISION_MARK}<u color="{INSERTED_COLOUR}"><font color="{INSERTED_COLOUR}">'
                f"{self._children(node, state)}</font></u>")

    def visit_deleted(self, node, state):
        return (f'{_REVISION_MARK}<strike color="{DELETED_COLOUR}">'
                f'<font color="{DELETED_COLOUR}">{self._children(node, state)}</font></strike>')

    def visit_restyled(self, node, state):
        return f'<font color="{INSERTED_COLOUR}">{self._children(node, state)}</font>'

    def visit_noteref(self, node, state):
        if state.in_note:
            raise RenderError(f"note {node.note.id!r} is called inside another note; "
                              "the PDF writer cannot place a note within a note")
        mark = self._raised("super", state, lambda small: self._text(node.note.mark, small))
        if not is_footnote(node.note):
            return mark                   # an Endnotes block prints it
        # The zero-width onDraw marker tells the footnote frame which note this
        # paragraph part calls, and records the page it is drawn on.
        return f'<onDraw name="{NOTE_CALLBACK}" label={quoteattr(node.note.id)}/>' + mark

    def _raised(self, tag: str, state: _State, render) -> str:
        """Return ``render(smaller state)`` set as a superscript or subscript."""
        small = replace(state, size=state.size * SUPERSCRIPT_SIZE)
        return (f'<{tag} size="{small.size:g}" rise="{state.size * SUPERSCRIPT_RISE:g}">'
                f"{render(small)}</{tag}>")

    # -- text ----------------------------------------------------------------

    def _text(self, text: str, state: _State) -> str:
        if state.small_caps:
            return self._small_caps(text, replace(state, small_caps=False))
        # Every run names its face, so that bold or italic fallback glyphs stay bold
        # or italic: reportlab does not map a <font> inside <b> to the bold face.
        return "".join(f'<font face="{face}">{escape(part)}</font>'
                       for face, part in self.runs(text, state.bold, state.italic))

    def _small_caps(self, text: str, state: _State) -> str:
        out, start = [], 0
        for i in range(1, len(text) + 1):
            if i == len(text) or text[i].islower() != text[start].islower():
                part = text[start:i]
                if part.islower():
                    small = replace(state, size=state.size * SMALL_CAPS_SIZE)
                    inner = self._text(part.upper(), small)
                    out.append(f'<font size="{small.size:g}">{inner}</font>')
                else:
                    out.append(self._text(part, state))
                start = i
        return "".join(out)

    def _report_missing(self, char: str, text: str) -> None:
        """Refuse a character no font of the role has: it would print as a box."""
        names = [self.fonts.primary.name] + [f.name for f in self.fonts.fallbacks]
        at = text.find(char)
        context = text[max(at - 30, 0):at + 30].strip()
        raise MissingGlyphError(f"U+{ord(char):04X} {unicodedata.name(char, 'a character')} "
                          f"({char!r}) in “{context}”: none of the fonts {', '.join(names)} "
                          "has it, so the PDF would show a box; install a font that has it "
                          "and name it in the style sheet's fonts.*.glyph-fallbacks (or add its "
                          "folder to PALAIS_FONT_PATH)", char)
