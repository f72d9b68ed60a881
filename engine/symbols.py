"""Form boxes and check marks -> a small TrueType font of Palais' own, built in memory.

Questionnaires print "☐"; few text fonts draw it, and a PDF must never show a
missing glyph. This font is the last glyph fallback of every family, the same
on every machine.
"""
from __future__ import annotations

import io
from functools import lru_cache

FAMILY = "Palais Symbols"
# character -> the outlines of its glyph, in a 1000-unit em: rectangles and polygons
# (a counter-clockwise inner rectangle leaves a hole).
_BOX = [("rect", (80, -20, 720, 620)), ("hole", (140, 40, 660, 560))]
_CHECK = [("poly", ((180, 300), (250, 370), (350, 220), (600, 640), (670, 590), (360, 90)))]
_CROSS = [("poly", ((230, 110), (180, 160), (350, 300), (180, 440), (230, 490), (400, 350),
                    (570, 490), (620, 440), (450, 300), (620, 160), (570, 110), (400, 250)))]
GLYPHS = {
    "\u2610": _BOX,                           # ☐ ballot box
    "\u2611": _BOX + _CHECK,                  # ☑ ballot box with check
    "\u2612": _BOX + _CROSS,                  # ☒ ballot box with X
    "\u25a1": _BOX,                           # □ white square
    "\u25a0": [("rect", (80, -20, 720, 620))],  # ■ black square
    "\u2713": _CHECK,                         # ✓ check mark
    "\u2717": _CROSS,                         # ✗ ballot X
}


@lru_cache(maxsize=1)
def font_bytes() -> bytes:
    """Return the TrueType file of the symbols font."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    names = {char: f"uni{ord(char):04X}" for char in GLYPHS}
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "space"] + list(names.values()))
    builder.setupCharacterMap({0x20: "space", **{ord(c): n for c, n in names.items()}})
    glyphs = {".notdef": TTGlyphPen(None).glyph(), "space": TTGlyphPen(None).glyph()}
    for char, shapes in GLYPHS.items():
        pen = TTGlyphPen(None)
        for kind, points in shapes:
            if kind in ("rect", "hole"):
                x0, y0, x1, y1 = points
                corners = [(x0, y0), (x0, y1), (x1, y1), (x1, y0)]
                points = corners if kind == "rect" else corners[::-1]
            pen.moveTo(points[0])
            for point in points[1:]:
                pen.lineTo(point)
            pen.closePath()
        glyphs[names[char]] = pen.glyph()
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: (800 if name in names.values() else 250, 80)
                                    for name in glyphs})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": FAMILY, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    # A fixed date in the head table, so that equal input gives equal PDF bytes.
    builder.updateHead(created=0, modified=0)
    builder.font.recalcTimestamp = False
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()
