"""Model tables + the sheet's table looks -> reportlab tables that break between rows only."""
from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Table

from ...model import revised
from .tags import artifact


class RowTable(Table):
    """A table that breaks between rows, repeats its header rows and names the notes it calls.

    Frames ask a table which notes it calls (``note_calls``); each part a page
    break cuts from it answers for the rows it holds. A row taller than ``page_height``
    (the tallest frame) could never be placed whole: it alone is cut, with a warning.
    """

    indent = 0.0                      # from the frame's left edge
    page_height = None
    warn = None
    cut = None                        # shared by the parts; not empty once a row was cut

    note_rows = None                  # id of a row -> the notes its cells call; shared
    changed_rows = ()                 # in a redline: the rows (cell lists) that changed
    rtl = False                       # a right-to-left document's: bound on the right

    # Fills and rules are decoration; a cell's text is drawn by its flowables, each
    # the content of its cell's element. An empty cell a span covers draws nothing.
    def _drawBkgrnd(self):
        with artifact(self.canv):
            super()._drawBkgrnd()

    def _drawLines(self):
        with artifact(self.canv):
            super()._drawLines()

    def _drawCell(self, cellval, cellstyle, pos, size):
        if isinstance(cellval, (list, tuple)) and cellval:
            return super()._drawCell(cellval, cellstyle, pos, size)
        with artifact(self.canv):
            return super()._drawCell(cellval, cellstyle, pos, size)

    def draw(self):
        super().draw()
        if self.changed_rows:
            self._draw_change_bars()

    def _draw_change_bars(self):
        """Draw a redline's bar beside each changed row, in the outer margin as the
        paragraphs' (blocks.Paragraph)."""
        from .blocks import CHANGE_BAR_GAP
        from .inline import INSERTED_COLOUR
        canv = self.canv
        recto = canv.getPageNumber() % 2 == 1
        x = self._width + CHANGE_BAR_GAP if recto != self.rtl else -self.indent - CHANGE_BAR_GAP
        canv.saveState()
        canv.setStrokeColor(INSERTED_COLOUR)
        canv.setLineWidth(1.5)
        with artifact(canv):
            for index, row in enumerate(self._cellvalues):
                if any(row is changed for changed in self.changed_rows):
                    top, bottom = self._rowpositions[index], self._rowpositions[index + 1]
                    canv.line(x, bottom, x, top)
        canv.restoreState()

    def note_calls(self) -> list:
        """Return the notes the rows of this table (or part) call, in row order.

        Each row's calls are found once and shared with the parts cut from it (which
        hold the same row lists): asking again on each page costs one look-up per
        row, not a walk through every cell of the rest of the table.
        """
        from .notes import called_notes
        cached = self.__dict__.get("_note_calls")
        if cached is not None and cached[0] is self._cellvalues:
            return cached[1]                     # a part's rows do not change
        if self.note_rows is None:
            self.note_rows = {}
        found = []
        for row in self._cellvalues:
            known = self.note_rows.get(id(row))
            if known is None or known[0] is not row:
                # the row is kept with its calls, so that its id is not reused
                known = (row, [i for value in row if isinstance(value, (list, tuple))
                               for flowable in value for i in called_notes(flowable)])
                self.note_rows[id(row)] = known
            found += known[1]
        self._note_calls = (self._cellvalues, found)
        return found

    def onSplit(self, part, byRow=1):
        """Give a part cut from this table the same indent, limits and warning channel."""
        part.indent, part.page_height, part.warn = self.indent, self.page_height, self.warn
        part.changed_rows, part.rtl = self.changed_rows, self.rtl
        part.cut = self.cut
        self.note_calls()
        part.note_rows = self.note_rows
        part.hAlign = "LEFT"
        # a part made by cutting a tall row must not cut its other rows
        part.splitInRow = 0

    def split(self, availWidth, availHeight):
        self._calc(availWidth, availHeight)
        tall = self._tall_row(availHeight)
        if tall is None:
            return super().split(availWidth, availHeight)
        if not self.cut:
            # once per table: the rest of a cut row is cut again on the next page
            self.cut.append(tall)
            self.warn("table-row-split", "a table row is taller than a page, so it is cut "
                      f"across pages: {self._row_text(tall)[:60]!r}")
        # Cut the tall row here, under the rows that fit: a part holding it alone would
        # start with the repeated header on this same page.
        self.splitInRow = 1
        try:
            return self._splitRows(availHeight, doInRowSplit=1) or \
                super().split(availWidth, availHeight)
        finally:
            self.splitInRow = 0

    def drawOn(self, canvas, x, y, _sW=0):
        super().drawOn(canvas, x + self.indent, y, _sW)

    def _tall_row(self, height: float):
        """Return the first row not fitting in ``height`` if no page can hold it, else None."""
        header = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        top = 0.0
        for index, row_height in enumerate(self._rowHeights):
            if top + row_height > height:
                too_tall = sum(self._rowHeights[:header]) + row_height > (self.page_height or 1e9)
                return index if index >= header and too_tall else None
            top += row_height
        return None

    def _row_text(self, index: int) -> str:
        return " | ".join(f.getPlainText() for value in self._cellvalues[index]
                          if isinstance(value, (list, tuple)) for f in value
                          if hasattr(f, "getPlainText"))


def table_flowables(writer, node) -> list:
    """Return the flowables of Table ``node``: one RowTable, at the sheet's indent."""
    sheet = writer.sheet
    look = sheet.table(node.style)
    width = (sheet.page.frame_width - look.indent_left).pt
    total = sum(node.widths)
    col_widths = [width * share / total for share in node.widths]
    header_text = HexColor("#" + look.header_text) if look.header_text else None
    # The cells a span covers are empty strings, drawn in the table's font: the
    # body's, or reportlab would name Helvetica, a font it does not embed.
    normal = sheet.styles.get("Normal") or next(iter(sheet.styles.values()))
    face = writer._markup_for(normal.font).fonts.primary.face()
    data, commands = [], [("VALIGN", (0, 0), (-1, -1), "TOP"),
                          ("FONT", (0, 0), (-1, -1), face, normal.size.pt)]
    for side in ("LEFT", "RIGHT", "TOP", "BOTTOM"):
        commands.append((f"{side}PADDING", (0, 0), (-1, -1), look.padding.pt))
    columns = len(col_widths)
    rtl = getattr(writer, "_rtl", False)
    if rtl:
        # A right-to-left table is the mirror image: its first column at the right.
        col_widths = col_widths[::-1]
    parent = getattr(writer, "_parent", None)
    tags = getattr(writer, "_tags", None)
    grid = tags.element("Table", parent) if tags else None
    for index, row in enumerate(node.rows):
        values, column = [""] * columns, 0
        line = tags.element("TR", grid) if tags else None
        for cell in row.cells:
            if tags:
                # a header row's text, drawn again on each page, counts once
                writer._parent = tags.element("TH" if row.header else "TD", line)
            flowables = [f for block in cell.blocks for f in writer._visit(block)]
            if tags and row.header:
                for flowable in flowables:
                    element = getattr(flowable, "_palais_element", None)
                    if element is not None:
                        element.repeated_as_artifact = True
            if row.header and header_text is not None:
                flowables = [_recoloured(f, header_text) for f in flowables]
            first = columns - column - cell.span if rtl else column
            values[first] = flowables
            if cell.span > 1:
                commands.append(("SPAN", (first, index), (first + cell.span - 1, index)))
            column += cell.span
        data.append(values)
        if row.header and look.header_fill:
            commands.append(("BACKGROUND", (0, index), (-1, index),
                             HexColor("#" + look.header_fill)))
    if tags:
        writer._parent = parent
    if look.rule.pt > 0:
        commands.append(("GRID", (0, 0), (-1, -1), look.rule.pt, HexColor("#" + look.rule_color)))
    leading = 0
    while leading < len(node.rows) - 1 and node.rows[leading].header:
        leading += 1
    table = RowTable(data, colWidths=col_widths, style=commands, repeatRows=leading,
                     splitByRow=1, splitInRow=0, hAlign="LEFT")
    table.indent = 0.0 if rtl else look.indent_left.pt
    table.rtl = bool(rtl)
    table.page_height = (sheet.page.height - sheet.page.margin_top - sheet.page.margin_bottom).pt
    table.warn, table.cut = writer.warn, []
    # the table's own row lists (it copies those given), which its parts share
    table.changed_rows = [values for row, values in zip(node.rows, table._cellvalues)
                          if revised(row)]
    return [table]


def _recoloured(flowable, colour):
    """Return paragraph ``flowable`` drawn in ``colour``; other flowables as they are."""
    if not isinstance(flowable, Paragraph):
        return flowable
    # a paragraph takes its colour from its style when it parses its text, so it is parsed again
    style = ParagraphStyle(f"{flowable.style.name}-header", parent=flowable.style,
                           textColor=colour, bulletColor=colour)
    return type(flowable)(flowable.text, style, bulletText=flowable.bulletText)
