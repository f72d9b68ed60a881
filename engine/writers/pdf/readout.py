"""What a reader copying text out of the PDF gets: words whole, no-break spaces.

A hyphenated word stays one word: the lines it is cut across are drawn inside a
marked-content span whose ``ActualText`` is their text with the word joined
(``joined_spans``), which poppler, Acrobat and screen readers read instead of
the glyphs (pypdf reads the glyphs, hyphen included).

A no-break space keeps its character: reportlab draws U+00A0 as the font's code
for a space, so that the word spacing of a justified line (Tw, which acts on
that code only) stretches it, and the file then says it is a space. Here it is
drawn with a code of its own whose ToUnicode entry is U+00A0, followed by the
line's word spacing as an explicit move, so that it stretches as before (as
Word and LibreOffice stretch it). pdftotext prints every kind of space as " ",
whatever the file says.
"""
from __future__ import annotations

import threading

# What a no-break space is drawn as until the file is written: a noncharacter,
# which validation refuses in any text typed, so none can come from the input.
_NO_BREAK = "\ufdd0"
class joined_spans:
    """Within the block, the lines reportlab draws of a paragraph whose ``ends``
    (``hyphenated_ends``) say a line ends hyphenated are drawn, with the lines the
    word runs on to, inside a span whose ActualText is ``texts`` of those lines,
    the word whole."""

    def __init__(self, ends, texts):
        self.opening, self.closing = {}, set()
        index = 0
        while index < len(ends):
            if not ends[index]:
                index += 1
                continue
            last = index
            while last < len(ends) and ends[last]:
                last += 1                      # the run's lines, and the one it runs on to
            joined = "".join(texts[line].rstrip()[:-1] for line in range(index, last))
            self.opening[index] = joined + texts[last].strip() if last < len(texts) else ""
            self.closing.add(last)
            index = last + 1

    def __enter__(self):
        self._kept = getattr(_SPANS, "plan", None)
        _SPANS.plan, _SPANS.line = self, 0
        return self

    def __exit__(self, *exc):
        _SPANS.plan = self._kept
        return False


_SPANS = threading.local()          # the joined_spans of the paragraph being drawn
_LINE_DRAWERS = ("_leftDrawParaLine", "_centerDrawParaLine", "_rightDrawParaLine",
                 "_justifyDrawParaLine", "_justifyDrawParaLineRTL", "_leftDrawParaLineX",
                 "_centerDrawParaLineX", "_rightDrawParaLineX", "_justifyDrawParaLineX",
                 "_justifyDrawParaLineXRTL")


def _hex(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def install() -> None:
    """Let each line reportlab draws open or close the span a ``joined_spans`` asks;
    draw no-break spaces with a code of their own, of fixed width."""
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import paragraph
    if not getattr(TTFont.splitString, "palais", False):
        split = TTFont.splitString

        def split_string(self, text, doc):
            if "\u00a0" in text:
                face = self.face
                if _NO_BREAK_CODE not in face.charToGlyph:
                    face.charToGlyph[_NO_BREAK_CODE] = face.charToGlyph.get(
                        0xA0, face.charToGlyph.get(0x20, 0))
                    face.charWidths[_NO_BREAK_CODE] = face.charWidths.get(
                        0xA0, face.charWidths.get(0x20, 0))
                text = text.replace("\u00a0", _NO_BREAK)
            state = self.state.get(doc) if text else None
            if state is not None:
                known = _first_subset(state)
                if known[1].issuperset(text):
                    # Every character has its code in the first subset already:
                    # reportlab's answer, without its loop over the characters.
                    return [(0, text.translate(known[0]).encode("latin-1"))]
            return split(self, text, doc)

        split_string.palais = True
        TTFont.splitString = split_string
    from reportlab.pdfgen.textobject import PDFTextObject
    if not getattr(PDFTextObject._formatText, "palais", False):
        PDFTextObject._formatText = _stretching(PDFTextObject._formatText)
    for name in _LINE_DRAWERS:
        draw = getattr(paragraph, name)
        if getattr(draw, "palais", False):
            continue

        def drawing(tx, *args, _draw=draw, **kwargs):
            plan = getattr(_SPANS, "plan", None)
            if plan is None:
                return _draw(tx, *args, **kwargs)
            line = _SPANS.line
            _SPANS.line = line + 1
            if plan.opening.get(line):
                tx._code.append(f"/Span <</ActualText {_hex(plan.opening[line])}>> BDC")
            try:
                return _draw(tx, *args, **kwargs)
            finally:
                if line in plan.closing and plan.opening.get(_opened(plan, line)):
                    tx._code.append("EMC")

        drawing.palais = True
        setattr(paragraph, name, drawing)


def _first_subset(state) -> tuple:
    """Return ({code point: code}, characters) of the characters a font's ``state``
    (one document's use of a TrueType font) has given a code in its first subset,
    brought up to date when the font has taken characters since."""
    kept = getattr(state, "_palais_first", None)
    assignments = state.assignments
    if kept is None or kept[2] != len(assignments):
        table = {char: code for char, code in assignments.items() if code < 256}
        kept = state._palais_first = (table, frozenset(map(chr, table)), len(assignments))
    return kept


def _opened(plan, closing: int) -> int:
    """Return the line whose span line ``closing`` closes."""
    return max(line for line in plan.opening if line < closing)


_NO_BREAK_CODE = ord(_NO_BREAK)


def _stretching(format_text):
    """Wrap reportlab's text operators so that each no-break space a TrueType font
    draws (with a code of its own) moves on by the word spacing too."""
    from reportlab.lib.rl_accel import fp_str
    from reportlab.pdfbase.pdfmetrics import getFont
    from reportlab.pdfbase.ttfonts import ShapedStr

    def operators(self, text):
        if "\u00a0" not in text or isinstance(text, ShapedStr) \
                or not getFont(self._fontname)._dynamicFont:
            return format_text(self, text)
        space = getattr(self, "_wordSpace", 0)
        out = []
        for index, part in enumerate(text.split("\u00a0")):
            if index:
                out.append(format_text(self, "\u00a0"))
                if space:
                    out.append(f"[{fp_str(-space * 1000 / self._fontsize)}] TJ")
            if part:
                out.append(format_text(self, part))
        return " ".join(out)

    operators.palais = True
    return operators


def name_no_break_spaces(doc) -> None:
    """As the file is written, let every TrueType subset of ``doc`` say U+00A0 where
    it drew a no-break space."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    for font in list(pdfmetrics._fonts.values()):
        state = getattr(font, "state", {}).get(doc) if isinstance(font, TTFont) else None
        for subset in getattr(state, "subsets", ()):
            for index, code in enumerate(subset):
                if code == _NO_BREAK_CODE:
                    subset[index] = 0xA0
