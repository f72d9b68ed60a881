"""The sheet's styles as reportlab paragraph styles, and inline markup per font role."""
from __future__ import annotations

import pyphen
from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from ...errors import StyleError
from ...model import NoteRef, Text
from ...words import IDEOGRAPHIC, UNHYPHENATED
from .blocks import Paragraph
from .hyphens import Hyphenator
from .inline import InlineMarkup, is_footnote

_MIRRORED = {TA_LEFT: TA_RIGHT, TA_RIGHT: TA_LEFT}
_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "centre": TA_CENTER,
          "justify": TA_JUSTIFY, "both": TA_JUSTIFY}


class ParagraphStyles:
    """The style half of the PDF writer (a mixin of PdfWriter): ``sheet``, ``fonts``,
    ``_document`` and the caches are the writer's."""

    def _plain(self, text: str, name: str, bold=None, **extra) -> Paragraph:
        """Return a paragraph of plain ``text`` in style ``name``, bold if asked."""
        spec = self.sheet.style(name)
        bold = spec.bold if bold is None else bold
        markup = self._markup_for(spec.font).markup((Text(text),), spec.size, bold, spec.italic)
        return Paragraph(markup, self._style(name, **extra))

    def _bullet(self, label, spec, markup: str) -> tuple:
        """Return (markup, bulletText) of a paragraph whose number or label is ``label``.

        reportlab draws a bullet in one face; a label that face cannot draw all of
        ("一." in a Times heading) goes into the text as bullet markup instead, each
        character in a font that has it.
        """
        if not label:
            return markup, None
        inline = self._markup_for(spec.font)
        if self._rtl or all(inline.fonts.primary.covers(c) for c in label if not c.isspace()):
            return markup, label
        text = inline.markup((Text(label),), spec.size, spec.bold, spec.italic)
        return f'<bullet><font color="#{spec.color}">{text}</font></bullet>{markup}', None

    def _markup(self, nodes, spec) -> str:
        for node in _note_refs(nodes):
            if is_footnote(node.note):
                self._called.setdefault(node.note.id, node.note)
        return self._markup_for(spec.font).markup(nodes, spec.size, spec.bold, spec.italic)

    def _markup_for(self, font: str) -> InlineMarkup:
        if font not in self._inline:
            if font not in self.fonts:
                raise StyleError(f"{self.sheet.source}: no font role {font!r}; "
                                 f"known: {', '.join(sorted(self.fonts))}")
            self._inline[font] = InlineMarkup(self.fonts[font], self.warn)
        return self._inline[font]

    def _style(self, name: str, language: str = "", **extra) -> ParagraphStyle:
        """Return reportlab's style for sheet style ``name`` with ``extra`` values, for a
        paragraph in ``language`` (by default the document's)."""
        key = (name, language, tuple(sorted(extra.items())))
        if key not in self._styles:
            spec = self.sheet.style(name)
            face = self._markup_for(spec.font).fonts.primary.face(spec.bold, spec.italic)
            values = dict(
                fontName=face, fontSize=spec.size.pt, leading=spec.leading.pt,
                alignment=self._alignment(spec.align, name), spaceBefore=spec.space_before.pt,
                spaceAfter=spec.space_after.pt, leftIndent=spec.indent_left.pt,
                rightIndent=spec.indent_right.pt, firstLineIndent=spec.first_indent.pt,
                keepWithNext=int(spec.keep_with_next), textColor=HexColor("#" + spec.color),
                # heading numbers are bullets: the same colour as their text
                bulletColor=HexColor("#" + spec.color), bulletFontName=face,
                bulletFontSize=spec.size.pt, bulletIndent=spec.indent_left.pt,
                embeddedHyphenation=1, uriWasteReduce=0.3, allowWidows=0, allowOrphans=0)
            values.update(extra)
            if self._document.meta.language in IDEOGRAPHIC:
                # Lines break between any two ideographs; punctuation that may not
                # start a line stays at the end of the one before.
                values["wordWrap"] = "CJK"
            if self._rtl:
                # A right-to-left page is the mirror of a left-to-right one: what the
                # sheet calls the left indent is on the right, left-aligned text is
                # set against the right margin.
                values["leftIndent"], values["rightIndent"] = \
                    values["rightIndent"], values["leftIndent"]
                values["alignment"] = _MIRRORED.get(values["alignment"], values["alignment"])
                values.update(palais_rtl=1, shaping=1)
            # Ragged lines need no hyphens; only justified text would show wide gaps.
            justified = values["alignment"] == TA_JUSTIFY
            values["hyphenationLang"] = self._hyphenation(spec, language) if justified else ""
            self._styles[key] = ParagraphStyle(f"{name}-{len(self._styles)}", **values)
            self._styles[key].palais_asked = key     # the same in any build of the sheet
        return self._styles[key]

    def _alignment(self, align: str, name: str) -> int:
        try:
            return _ALIGN[align]
        except KeyError:
            raise StyleError(f"{self.sheet.source}: style {name}: unknown alignment {align!r}; "
                             f"known: {', '.join(_ALIGN)}") from None

    def _hyphenation(self, spec, language: str = ""):
        """Return the hyphenator for ``spec`` in ``language`` (by default the document's;
        see hyphens.Hyphenator), or "" when it must not hyphenate."""
        if not (self.sheet.hyphenation and spec.hyphenate):
            return ""
        language = language or self._document.meta.language
        if language in UNHYPHENATED:
            return ""
        found = pyphen.language_fallback(language) if language else None
        if not found:
            self.warn("hyphenation-unavailable",
                      f"no hyphenation patterns for language {language!r}; lines break at spaces")
            return ""
        if found not in self._hyphenators:
            self._hyphenators[found] = Hyphenator(found, self.sheet.hyphenation_rules)
        return self._hyphenators[found]

def _note_refs(nodes):
    """Yield the NoteRef nodes among inline ``nodes``, nested ones included."""
    for node in nodes:
        if isinstance(node, NoteRef):
            yield node
        else:
            children = getattr(node, "children", None)
            if children:                # text has none: no generator made for it
                yield from _note_refs(children)
