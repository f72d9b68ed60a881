"""Paragraphs, contents lines, framed boxes and figure frames -> reportlab flowables."""
from __future__ import annotations

from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as _Paragraph

from .bidi import RTL_TEXT, SHAPED_TEXT, visual_words

_SHAPING: dict = {}


def _shaping(style):
    """Return ``style`` with HarfBuzz shaping on (one copy per style)."""
    if id(style) not in _SHAPING:
        _SHAPING[id(style)] = (style, style.clone(f"{style.name}-shaped", shaping=1))
    return _SHAPING[id(style)][1]


class Paragraph(_Paragraph):
    """A reportlab paragraph that breaks its lines the same way however often it is wrapped.

    reportlab keeps the words of its first line breaking for the next one; when a
    line broke at a hyphen already in a word ("Secretary-|General") and the
    paragraph holds more than one fragment, the next breaking joins the halves
    without the hyphen ("SecretaryGeneral"). The layout wraps a paragraph several
    times (keep-with-next, the footnote room), so each breaking starts from the
    paragraph's own fragments again once one has hyphenated.
    """

    def wrap(self, availWidth, availHeight):
        # A paragraph's lines depend on the width only; a long table asks each of its
        # remaining cells again on every page, so the last answer is kept.
        if getattr(self, "_wrapped", None) == (availWidth, self.style, self.bulletText) \
                and hasattr(self, "blPara"):
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, self.style, self.bulletText)
        return size

    def __init__(self, text, style=None, *args, **kwargs):
        super().__init__(text, style, *args, **kwargs)
        plain = self.getPlainText()
        self._rtl_text = RTL_TEXT.search(plain) is not None
        if SHAPED_TEXT.search(plain) and not self.style.shaping:
            # Arabic (and other joining scripts) must be shaped, even in a Latin paragraph.
            self.style = _shaping(self.style)

    def draw(self):
        # Lines are broken in logical order; each line's words are put in drawing order
        # only now (the bidirectional algorithm), so that splits see them logical.
        lines = getattr(getattr(self, "blPara", None), "lines", None)
        rtl = self.style.wordWrap == "RTL"
        if not (rtl or self._rtl_text) or not lines or getattr(self.blPara, "kind", 0) != 1:
            return super().draw()
        logical = [line.words for line in lines]
        try:
            for line in lines:
                # reportlab reverses each line's fragments itself in a right-to-left paragraph
                line.words = visual_words(line.words)[::-1] if rtl else \
                    visual_words(line.words, "LTR")
            return super().draw()
        finally:
            for line, words in zip(lines, logical):
                line.words = words

    def breakLines(self, width):
        if not hasattr(self, "_own_frags"):
            self._own_frags = list(self.frags)
        elif getattr(self, "_hyphenations", 0):
            self.frags = list(self._own_frags)
        return super().breakLines(width)


class TocLine(Flowable):
    """One contents entry: number, wrapped title, leaders, paragraph range, page.

    ``geometry`` holds points from the frame's left edge: ``number_x`` with
    ``number_anchor`` ("end" right-aligns it there), ``title_x``, ``title_end``
    (where titles wrap), ``leader_end``, ``paragraphs_end`` and ``page_end``.
    Leaders and numbers go on the title's last line.
    """

    def __init__(self, title, number, paragraphs, page, geometry, inline, style, leader):
        super().__init__()
        self.title, self.number, self.paragraphs, self.page = title, number, paragraphs, page
        self.geometry, self.inline, self.style, self.leader = geometry, inline, style, leader
        self.spaceAfter = title.style.spaceAfter
        self.spaceBefore = title.style.spaceBefore

    def wrap(self, availWidth, availHeight):
        geo = self.geometry
        self.width = availWidth
        self.height = self.title.wrap(geo["title_end"] - geo["title_x"], availHeight)[1]
        return self.width, self.height

    def draw(self):
        geo, canv, spec = self.geometry, self.canv, self.style
        # reportlab sets a paragraph's first baseline one font size below its top.
        first_base = self.height - spec.size.pt
        last_base = spec.leading.pt - spec.size.pt
        piece = lambda text: [(text, spec.size, spec.bold, spec.italic)]
        # Drawn in reading order, so that extracted text reads "II. Title . . . 4".
        if self.number:
            self.inline.draw(canv, piece(self.number), geo["number_x"], first_base,
                             anchor=geo["number_anchor"])
        self.title.drawOn(canv, geo["title_x"], 0)
        last = self.title.blPara.lines[-1]
        spare = last[0] if isinstance(last, tuple) else last.extraSpace
        self._leaders(geo["title_end"] - spare, geo["leader_end"], last_base)
        if self.paragraphs:
            self.inline.draw(canv, piece(self.paragraphs), geo["paragraphs_end"], last_base,
                             anchor="end")
        if self.page:
            self.inline.draw(canv, piece(self.page), geo["page_end"], last_base, anchor="end")

    def _leaders(self, start: float, stop: float, baseline: float) -> None:
        spec = self.style
        unit = self.inline.width([(self.leader, spec.size, False, False)])
        if unit <= 0:
            return
        # Dots sit on a grid counted back from ``stop``, so they line up from entry to entry.
        count = int((stop - start - unit / 2) // unit)
        if count > 0:
            self.inline.draw(self.canv, [(self.leader * count, spec.size, False, False)],
                             stop, baseline, anchor="end")


class Captions(Flowable):
    """The right-aligned column captions above contents entries ("Paragraphes", "Page")."""

    def __init__(self, captions, inline, style):
        super().__init__()
        self.captions, self.inline, self.style = captions, inline, style
        self.spaceAfter = style.space_after.pt
        self.keepWithNext = 1

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, self.style.leading.pt
        return self.width, self.height

    def draw(self):
        spec = self.style
        for text, x in self.captions:
            self.inline.draw(self.canv, [(text, spec.size, spec.bold, spec.italic)], x,
                             spec.leading.pt - spec.size.pt, anchor="end")


class BoxBlock(Flowable):
    """Flowables framed by a thin rule around the body column; splits across pages.

    ``left`` and ``right`` are the frame's x positions of the border; ``pad`` is
    the room between the border and the content above and below.
    """

    def __init__(self, content, left, right, rule, pad, top=True, bottom=True):
        super().__init__()
        self._content = list(content)
        self.left, self.right, self.rule, self.pad = left, right, rule, pad
        self.top, self.bottom = top, bottom

    def _heights(self, width):
        heights = []
        for i, child in enumerate(self._content):
            before = child.getSpaceBefore() if i else 0
            after = child.getSpaceAfter() if i < len(self._content) - 1 else 0
            heights.append((before, child.wrap(width, 1e6)[1], after))
        return heights

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self._rows = self._heights(availWidth)
        self.height = sum(sum(row) for row in self._rows) + self.pad * (self.top + self.bottom)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        room = availHeight - self.pad * self.top
        for i, child in enumerate(self._content):
            before = child.getSpaceBefore() if i else 0
            height = child.wrap(availWidth, 1e6)[1]
            if before + height + child.getSpaceAfter() <= room:
                room -= before + height + child.getSpaceAfter()
                continue
            parts = child.split(availWidth, room - before) if room - before > 0 else []
            head = self._content[:i] + parts[:1]
            tail = parts[1:] if parts else self._content[i:]
            tail += self._content[i + 1:] if parts else []
            if not head:
                return []
            return [BoxBlock(head, self.left, self.right, self.rule, self.pad, self.top, False),
                    BoxBlock(tail, self.left, self.right, self.rule, self.pad, False, self.bottom)]
        return [self]

    def draw(self):
        canv = self.canv
        y = self.height - self.pad * self.top
        for child, (before, height, after) in zip(self._content, self._rows):
            y -= before + height
            child.drawOn(canv, 0, y)
            y -= after
        canv.saveState()
        canv.setLineWidth(self.rule)
        canv.line(self.left, 0, self.left, self.height)
        canv.line(self.right, 0, self.right, self.height)
        if self.top:
            canv.line(self.left, self.height, self.right, self.height)
        if self.bottom:
            canv.line(self.left, 0, self.right, 0)
        canv.restoreState()


class FigureFrame(Flowable):
    """An empty framed area that stands for a figure with no image file."""

    def __init__(self, left, right, height, rule):
        super().__init__()
        self.left, self.right, self.box_height, self.rule = left, right, height, rule

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, self.box_height
        return self.width, self.height

    def draw(self):
        self.canv.saveState()
        self.canv.setLineWidth(self.rule)
        self.canv.rect(self.left, 0, self.right - self.left, self.height)
        self.canv.restoreState()
