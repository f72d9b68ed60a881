"""Masthead node + style sheet -> the page-1 masthead rows and rules, drawn as one flowable."""
from __future__ import annotations

from reportlab.platypus import Flowable

from ...errors import RenderError
from ...model import NoteRef, Text
from ..bidi import first_strong_rtl


class MastheadBlock(Flowable):
    """Draw the two masthead rows of LAYOUT §2 between margins, with their rules.

    Row 1: the organisation at column 2 and the symbol right-aligned at the right
    margin, its series letters large. A thin rule. Row 2: the organs in large bold
    at column 2, one under the other; distribution, date, language and original at
    column 3. A thick rule. The agenda lines that follow are ordinary paragraphs, so
    their note calls reach the footnote frame; a joint document's second organ has
    its lines drawn here, at column 3 beside them.
    """

    def __init__(self, node, sheet, inline, rtl=False):
        super().__init__()
        self.node = node
        self.inline = inline
        self.rtl = rtl
        length = lambda key: sheet.length("masthead", key)
        self.row1, self.row2 = length("row1-height"), length("row2-height")
        self.col1, self.col2 = length("col1-width"), length("col2-width")
        self.thin, self.thick = length("thin-rule"), length("thick-rule")
        self.row1_baseline = length("row1-baseline")
        self.row2_baseline = length("row2-baseline")
        self.letter_size, self.symbol_size = length("symbol-letter-size"), length("symbol-size")
        self.org = sheet.style("MastOrg")
        self.organ = sheet.style("MastOrgan")
        self.info = sheet.style("MastInfo")
        self.agenda_space = length("agenda-space-before")
        self.side = [(_plain(line.content), sheet.style("AgendaBold" if line.bold else "AgendaLine"))
                     for line in node.agenda_side]

    def wrap(self, availWidth, availHeight):
        self.width = availWidth
        self.height = (self.row1 + self.row2).pt
        return self.width, self.height

    def draw(self):
        canv, node, inline = self.canv, self.node, self.inline
        rule1 = self.row2.pt
        canv.saveState()
        canv.setLineWidth(self.thin.pt)
        canv.line(0, rule1, self.width, rule1)
        canv.setLineWidth(self.thick.pt)
        canv.line(0, self.thick.pt / 2, self.width, self.thick.pt / 2)

        at = self._at
        base1 = rule1 + self.row1_baseline.pt
        inline.place(canv, [_piece(node.org, self.org)], at(self.col1.pt), base1)
        pieces = [(text, self.letter_size if series else self.symbol_size, False, False)
                  for text, series in node.symbol_parts()]
        # The symbol is at the outer end of row 1: right in English, left in Arabic.
        inline.place(canv, pieces, at(self.width, "end"), base1, direction="ltr")

        base2 = rule1 - self.row2_baseline.pt
        for i, organ in enumerate(node.organs):
            inline.place(canv, [_piece(organ, self.organ)], at(self.col1.pt),
                        base2 - i * self.organ.leading.pt)
        x = (self.col1 + self.col2).pt
        lines = (node.distribution, node.date, node.language, node.original)
        for i, line in enumerate(lines):
            # An English original leaves the language line empty but keeps its place.
            inline.place(canv, [_piece(line, self.info)], self._column3(x, line),
                        base2 - i * self.info.leading.pt)
        # Beside the agenda paragraphs, which start agenda-space-before under the rule.
        y = -self.agenda_space.pt
        for text, style in self.side:
            y -= style.leading.pt
            inline.place(canv, [_piece(text, style)], self._column3(x, text),
                        y + (style.leading - style.size).pt)
        canv.restoreState()


    def _at(self, x: float, anchor: str = "start") -> tuple:
        """Return (x, anchor) on the page for a place measured from the start edge: the
        left one, or the right one on a right-to-left page."""
        if not self.rtl:
            return x, anchor
        return self.width - x, {"start": "end", "end": "start"}.get(anchor, anchor)

    def _column3(self, x: float, text: str) -> tuple:
        """Return where a line of the third column starts. On a right-to-left page the
        column is the left part of the row; a line in a left-to-right script (the
        English distribution block of Arabic documents) starts at its left edge."""
        if self.rtl and not first_strong_rtl(text):
            return 0.0, "start"
        return self._at(x)


def _piece(text: str, style) -> tuple:
    """Return ``text`` as a piece for InlineMarkup.draw in ``style``'s size and face."""
    return (text, style.size, style.bold, style.italic)


def _plain(nodes) -> str:
    """Return the text of inline ``nodes``; a side column of the masthead holds no notes."""
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, NoteRef):
            raise RenderError("a note is called in the masthead's second agenda column; "
                              "call it in the first")
        else:
            out.append(_plain(getattr(node, "children", ())))
    return "".join(out)
