"""Masthead node + style sheet -> the page-1 masthead rows and rules, drawn as one flowable."""
from __future__ import annotations

from reportlab.platypus import Flowable


class MastheadBlock(Flowable):
    """Draw the two masthead rows of LAYOUT §2 between margins, with their rules.

    Row 1: the organisation at column 2 and the symbol right-aligned at the right
    margin, its series letter large. A thin rule. Row 2: the organ in large bold
    at column 2; distribution, date, language and original at column 3. A thick
    rule. The agenda lines that follow are ordinary paragraphs, so their note
    calls reach the footnote frame.
    """

    def __init__(self, node, sheet, inline):
        super().__init__()
        self.node = node
        self.inline = inline
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

        base1 = rule1 + self.row1_baseline.pt
        inline.draw(canv, [_piece(node.org, self.org)], self.col1.pt, base1)
        letter, rest = _split_symbol(node.symbol)
        inline.draw(canv, [(letter, self.letter_size, False, False),
                           (rest, self.symbol_size, False, False)], self.width, base1, anchor="end")

        base2 = rule1 - self.row2_baseline.pt
        inline.draw(canv, [_piece(node.organ, self.organ)], self.col1.pt, base2)
        x = (self.col1 + self.col2).pt
        lines = (node.distribution, node.date, node.language, node.original)
        for i, line in enumerate(lines):
            # An English original leaves the language line empty but keeps its place.
            inline.draw(canv, [_piece(line, self.info)], x, base2 - i * self.info.leading.pt)
        canv.restoreState()


def _piece(text: str, style) -> tuple:
    """Return ``text`` as a piece for InlineMarkup.draw in ``style``'s size and face."""
    return (text, style.size, style.bold, style.italic)


def _split_symbol(symbol: str) -> tuple:
    """Return the series letter of ``symbol`` ("A") and the rest ("/68/999")."""
    head, slash, tail = symbol.partition("/")
    return (head, slash + tail) if slash else ("", symbol)
