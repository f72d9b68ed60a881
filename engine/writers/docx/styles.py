"""The sheet's styles as Word styles: one Word style per sheet style, headings built on
Word's own "heading 1" ... "heading 9", hyphenation as the PDF has it."""
from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import RGBColor
from docx.styles import BabelFish
from docx.styles.style import StyleFactory

from ... import model
from ...errors import StyleError
from ...words import is_rtl
from . import ooxml, parts
from .ooxml import emu

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
          "center": WD_ALIGN_PARAGRAPH.CENTER, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
# Word knows these styles by their built-in names; the sheet uses the UN template names.
_BUILTIN = {"Normal": "Normal", "Header": "Header", "Footer": "Footer",
            "FootnoteText": "footnote text"}


def _hyphenates(style) -> bool:
    return bool(style.hyphenate) and style.align == "justify"


def _inherits_from(sheet, name: str, heading_styles) -> bool:
    """Return whether sheet style ``name`` is built, at some remove, on one of
    ``heading_styles``."""
    seen = set()
    while name and name not in seen:
        seen.add(name)
        name = sheet.styles[name].based_on if name in sheet.styles else None
        if name in heading_styles:
            return True
    return False


def _heading_levels(document) -> dict:
    """Return the outline level (1 = a chapter) of each style the document's headings
    use: that of its highest heading. A title (level 0) stands with the chapters."""
    found = {}

    def walk(node):
        if isinstance(node, model.Heading):
            level = min(max(node.level, 1), 9)
            found[node.style] = min(found.get(node.style, level), level)
        elif isinstance(node, (tuple, list)):
            for item in node:
                walk(item)
        elif isinstance(node, (model.Section, model.Box)):
            walk(node.blocks)
    walk(document.sections)
    return found


def lang_tag(language: str) -> str:
    """Return the Word language tag for ``language`` ("fr" -> "fr-FR")."""
    tags = {"fr": "fr-FR", "en": "en-GB", "es": "es-ES", "ru": "ru-RU", "zh": "zh-CN",
            "ar": "ar-SA"}
    return language if "-" in language else tags.get(language, language)


class WordStyles:
    """The style half of the Word writer (a mixin of DocxWriter): ``sheet``, ``doc``
    and ``styles`` are the writer's."""

    def font_name(self, key: str) -> str:
        """Return the Word font name of font role ``key``."""
        return self.font_slots(key)[0]

    def font_slots(self, key: str) -> tuple:
        """Return the Word fonts of font role ``key``: for Latin text, for Arabic and
        Hebrew, for Chinese ("" where the Latin one serves)."""
        try:
            spec = self.sheet.fonts[key]
        except KeyError:
            raise StyleError(f"{self.sheet.source}: unknown font {key!r}; known fonts: "
                             f"{', '.join(sorted(self.sheet.fonts))}") from None
        return spec.docx_name, spec.docx_complex, spec.docx_east_asia

    def _define_styles(self, language: str, headings: dict = None) -> None:
        """Make a Word style of each style of the sheet.

        ``headings`` maps the styles headings use to their outline level (1 = the
        top): those are built on Word's own "heading 1" … "heading 9", so that
        Word's navigation pane, pandoc and screen readers see the structure, and
        are never hyphenated."""
        headings = headings or {}
        sheet = self.sheet
        normal = sheet.styles.get("Normal") or next(iter(sheet.styles.values()))
        rtl = is_rtl(language)
        latin, complex_script, east_asia = self.font_slots(normal.font)
        # Arabic and Chinese text anywhere is marked as such, for Word's shaping and
        # proofing; an Arabic document reads right to left throughout.
        parts.doc_defaults(self.doc.styles.element, latin, normal.size, lang_tag(language),
                           complex_script, east_asia,
                           bidi_lang=lang_tag(language if rtl else "ar"),
                           east_asia_lang=lang_tag("zh"), right_to_left=rtl)
        # Word's own styles by name, read once: python-docx looks a name up by
        # scanning every style of the template.
        element = self.doc.styles.element
        existing = {style.name_val: style for style in element.style_lst}
        for name in sheet.styles:
            self.styles[name] = self._word_style(name, existing)
        word_headings = {level: self._word_heading(level, existing)
                         for level in sorted(set(headings.values()))}
        for name, style in sheet.styles.items():
            parent = sheet.styles[style.based_on] if style.based_on else None
            if name in headings:
                # Built on Word's heading, which brings nothing of its own: every
                # property of the sheet's style is written out.
                self.styles[name].base_style = word_headings[headings[name]]
                self._format_style(self.styles[name], style, None)
                ooxml.outline_level(self.styles[name], headings[name])
                ooxml.hyphenation(self.styles[name], False)
                continue
            if parent is not None:
                self.styles[name].base_style = self.styles[style.based_on]
            self._format_style(self.styles[name], style, parent)
            if _inherits_from(sheet, name, headings):
                # "Contents" built on a heading's look is not a heading itself.
                ooxml.body_text_level(self.styles[name])
        self.note_ref = self.doc.styles.add_style("footnote reference",
                                                  WD_STYLE_TYPE.CHARACTER, builtin=True)
        self.note_ref.style_id = "FootnoteReference"
        self.note_ref.font.superscript = True
        if sheet.hyphenation:
            parts.set_flag(self.doc.settings.element, "autoHyphenation")
            # Word's share of the sheet's rules: hyphenated lines in a row, and words
            # in capitals kept whole (Word has no rule for capitalised words).
            rules = sheet.hyphenation_rules
            parts.set_value(self.doc.settings.element, "consecutiveHyphenLimit",
                            rules.max_consecutive)
            if not rules.capitalised:
                parts.set_flag(self.doc.settings.element, "doNotHyphenateCaps")
        parts.keep_short_lines(self.doc.settings.element)
        parts.modern_settings(self.doc.settings.element)

    def _word_style(self, name: str, existing: dict):
        word_name = _BUILTIN.get(name, name)
        element = existing.get(BabelFish.ui2internal(word_name))
        if element is not None:
            style = StyleFactory(element)
            if style.type != WD_STYLE_TYPE.PARAGRAPH:
                raise StyleError(f"{self.sheet.source}: style {name!r} clashes with Word's "
                                 f"{style.type} style of that name; rename it")
            # the sheet defines the style entirely: drop the template's tabs and spacing
            ooxml.clear_style(style)
            return style
        element = self.doc.styles.element.add_style_of_type(
            BabelFish.ui2internal(word_name), WD_STYLE_TYPE.PARAGRAPH, name in _BUILTIN)
        existing[element.name_val] = element
        style = StyleFactory(element)
        if name in _BUILTIN:
            style.style_id = name
        return style

    def _word_heading(self, level: int, existing: dict):
        """Return Word's built-in style "heading ``level``", emptied of the template's
        look, with the outline level that makes it a heading."""
        name = f"heading {level}"
        element = existing.get(name)
        if element is None:
            element = self.doc.styles.element.add_style_of_type(name, WD_STYLE_TYPE.PARAGRAPH,
                                                                True)
            existing[name] = element
        style = StyleFactory(element)
        style.style_id = f"Heading{level}"
        ooxml.clear_style(style)
        ooxml.outline_level(style, level)
        # Several styles of the sheet may stand at one level: Word's heading is
        # built on the normal style, not on any of them.
        style.base_style = self.styles.get("Normal")
        return style

    def _format_style(self, target, style, parent) -> None:
        """Write what ``style`` changes from ``parent``, so based-on links stay meaningful."""
        def changed(attr):
            return parent is None or getattr(style, attr) != getattr(parent, attr)

        font, fmt = target.font, target.paragraph_format
        if changed("font"):
            ooxml.set_font(target, *self.font_slots(style.font))
        if changed("size"):
            font.size = emu(style.size)
        if changed("bold"):
            font.bold = style.bold
        if changed("italic"):
            font.italic = style.italic
        if changed("color"):
            font.color.rgb = RGBColor.from_string(style.color)
        if changed("leading"):
            fmt.line_spacing = emu(style.leading)
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        for attr, prop in (("space_before", "space_before"), ("space_after", "space_after"),
                           ("indent_left", "left_indent"), ("indent_right", "right_indent"),
                           ("first_indent", "first_line_indent")):
            if changed(attr):
                setattr(fmt, prop, emu(getattr(style, attr)))
        if changed("align"):
            if style.align not in _ALIGN:
                raise StyleError(f"{self.sheet.source}: styles.{style.name}.align: expected one "
                                 f"of {', '.join(_ALIGN)}, got {style.align!r}")
            fmt.alignment = _ALIGN[style.align]
        if changed("keep_with_next"):
            fmt.keep_with_next = style.keep_with_next
        # As in the PDF, only justified text is hyphenated: a ragged line, a
        # heading or a title never is.
        if parent is None or _hyphenates(style) != _hyphenates(parent):
            if not (parent is None and _hyphenates(style)):
                ooxml.hyphenation(target, _hyphenates(style))
