"""Model tables + the sheet's table looks -> reportlab tables that break between rows only."""
from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table

from ...model import revised
from .tags import artifact


class RowTable(Table):
    """A table that breaks between rows, repeats its header rows and names the notes it calls.

    Frames ask a table which notes it calls (``note_calls``); each part a page
    break cuts from it answers for the rows it holds. A row taller than ``page_height``
    (the tallest frame) could never be placed whole: it alone is cut, with a warning.
    """

    # Rows are measured only until a page is full (reportlab's LongTable): a part
    # cut from a long table measures the rows of its page, not all those left.
    _longTableOptimize = 1
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

    heights = None                    # a RowRun's tables: row of the whole -> its height
    row_numbers = ()                  # and which rows of the whole this one's are

    def _calc(self, availWidth, availHeight):
        super()._calc(availWidth, availHeight)
        if None in self._argH:
            # A table is measured again each time it is wrapped or split, and reportlab
            # measures every row it is not given the height of: the rows measured
            # now are given, so that they are measured once.
            self._argH = [given if given is not None else measured
                          for given, measured in zip(self._argH, self._rowHeights)]
        if self.heights is not None:
            for number, height in zip(self.row_numbers, self._rowHeights):
                if height is not None:
                    self.heights[number] = height

    def note_calls(self) -> list:
        """Return the notes the rows of this table (or part) call, in row order.

        Each row's calls are found once and shared with the parts cut from it (which
        hold the same row lists): asking again on each page costs one look-up per
        row, not a walk through every cell of the rest of the table.
        """
        cached = self.__dict__.get("_note_calls")
        if cached is not None and cached[0] is self._cellvalues:
            return cached[1]                     # a part's rows do not change
        if self.note_rows is None:
            self.note_rows = {}
        found = notes_of_rows(self._cellvalues, self.note_rows)
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
            if row_height is None:
                return None               # not measured: past the page
            if top + row_height > height:
                too_tall = sum(self._rowHeights[:header]) + row_height > (self.page_height or 1e9)
                return index if index >= header and too_tall else None
            top += row_height
        return None

    def _row_text(self, index: int) -> str:
        return " | ".join(f.getPlainText() for value in self._cellvalues[index]
                          if isinstance(value, (list, tuple)) for f in value
                          if hasattr(f, "getPlainText"))


def notes_of_rows(rows, known: dict) -> list:
    """Return the notes the cells of ``rows`` call, in row order; ``known`` keeps each
    row's (by its id, with the row, so that the id is not reused)."""
    from .notes import called_notes
    found = []
    for row in rows:
        calls = known.get(id(row))
        if calls is None or calls[0] is not row:
            calls = (row, [i for value in row if isinstance(value, (list, tuple))
                           for flowable in value for i in called_notes(flowable)])
            known[id(row)] = calls
        found += calls[1]
    return found


class RowRun(Flowable):
    """The rest of a long table, from body row ``start`` on, made a RowTable a page's
    worth of rows at a time.

    reportlab cuts a table at a page break into the rows that fit and a new table of
    all the rows left, whose making and measuring walks every one of them: a list of
    thousands of participants cost more per page the longer it was. A run makes a
    table of its header rows and the next FIRST_STEP rows only, doubles them while
    they fit in the room given, and cuts that; what is left is a run again. The
    pages are the same as the whole table's. After a page, a run first tries one
    row more than that page took (the pages of a list take alike): when those do
    not fit, they are cut as FIRST_STEP rows would have been, at a third less work.

    ``make(start, end)`` returns the RowTable of the header rows and rows ``start``
    to ``end`` of ``rows``; ``notes(start)`` the notes the rows from ``start`` call.
    """

    FIRST_STEP = 64

    def __init__(self, make, notes, rows: list, leading: int, start: int, step: int = FIRST_STEP):
        super().__init__()
        self._make, self._notes, self._rows = make, notes, rows
        self._leading, self._start, self._step = leading, start, step
        self._heads = {}
        self._wrapped = None

    def _head(self, count: int) -> "RowTable":
        """Return the table of the header rows and the next ``count`` body rows."""
        end = min(self._start + count, len(self._rows))
        if end not in self._heads:
            self._heads.clear()
            self._heads[end] = self._make(self._start, end)
        return self._heads[end]

    def _sized(self, width: float, height: float):
        """Return (table, its size): the shortest head that does not fit in ``height``,
        or all the rows left."""
        if self._step < self.FIRST_STEP and self._start + self.FIRST_STEP < len(self._rows):
            # A head of one row more than the last page took: cut when it does not fit
            # (as FIRST_STEP rows would have been); else the rows are taken as before.
            head = self._head(self._step)
            size = head.wrap(width, height)
            if size[1] > height:
                return head, size, False
        count = self.FIRST_STEP
        while True:
            head = self._head(count)
            size = head.wrap(width, height)
            whole = self._start + count >= len(self._rows)
            # Rows taller than the tallest page are as good as all of them: a group
            # kept together (a heading with the table) asks with no limit, only to
            # learn whether it fits, and measuring them all cost more per page the
            # longer the list was.
            if whole or size[1] > height or size[1] > (head.page_height or float("inf")):
                return head, size, whole
            count *= 2

    def wrap(self, availWidth, availHeight):
        head, size, whole = self._sized(availWidth, availHeight)
        self._wrapped = head if whole else None
        self.width, self.height = size
        return size

    def split(self, availWidth, availHeight):
        head, _, whole = self._sized(availWidth, availHeight)
        parts = head.split(availWidth, availHeight)
        if whole or len(parts) != 2:
            return parts
        body = len(head._cellvalues) - self._leading
        placed = len(parts[0]._cellvalues) - self._leading
        if placed + len(parts[1]._cellvalues) - self._leading != body:
            # a row was cut in two: the whole rest of the table is cut instead, as
            # reportlab cuts it
            return self._make(self._start, len(self._rows)).split(availWidth, availHeight)
        return [parts[0], RowRun(self._make, self._notes, self._rows, self._leading,
                                 self._start + placed, placed + 1)]

    def drawOn(self, canvas, x, y, _sW=0):
        table = self._wrapped or self._make(self._start, len(self._rows))
        table.drawOn(canvas, x, y, _sW)

    def note_calls(self) -> list:
        return self._notes(self._start)

    def identity(self, maxLen=None):
        return f"<RowRun rows {self._start}…{len(self._rows)}>"

    def getSpaceBefore(self):
        return 0

    def getSpaceAfter(self):
        return 0


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
    rows = RowTable.normalizeData(None, data)          # the row lists every part shares
    changed = [values for row, values in zip(node.rows, rows) if revised(row)]
    shared = {"cut": [], "note_rows": {}}
    page_height = (sheet.page.height - sheet.page.margin_top - sheet.page.margin_bottom).pt

    def notes(start: int) -> list:
        """Return the notes the header rows and the rows from ``start`` call; the rows
        that call any are found once, as a run asks on every page."""
        if "calling" not in shared:
            shared["calling"] = [(i, calls) for i, row in enumerate(rows)
                                 if (calls := notes_of_rows([row], shared["note_rows"]))]
        return [note for i, calls in shared["calling"] if i < leading or i >= start
                for note in calls]

    def make(start: int, end: int):
        """Return the RowTable of the header rows and body rows ``start`` to ``end``."""
        whole = (start, end) == (leading, len(rows))
        chosen = rows if whole else rows[:leading] + rows[start:end]
        numbers = list(range(leading)) + list(range(start, end))
        heights = shared.setdefault("heights", {})
        if whole:
            table = RowTable(chosen, colWidths=col_widths, style=commands, repeatRows=leading,
                             splitByRow=1, splitInRow=0, hAlign="LEFT", normalizedData=1)
        else:
            # Each cell's own style (font, padding, alignment) is made once for the
            # whole table; a part shares those of its rows, as reportlab's own split
            # parts do, and takes the fills, rules and spans of its rows.
            cells = shared.get("cells")
            if cells is None:
                cells = shared["cells"] = Table(
                    rows, colWidths=col_widths, normalizedData=1,
                    style=[c for c in commands if _styles_cells(c)])._cellStyles
            part = [c for c in _rows_of(commands, leading, start, end) if not _styles_cells(c)]
            table = RowTable(chosen, colWidths=col_widths, style=part, repeatRows=leading,
                             splitByRow=1, splitInRow=0, hAlign="LEFT", normalizedData=1,
                             cellStyles=cells[:leading] + cells[start:end],
                             rowHeights=[heights.get(i) for i in numbers])
        if not whole:
            # rows measured for one page are not measured again for the next
            table.heights, table.row_numbers = heights, numbers
        table.indent = 0.0 if rtl else look.indent_left.pt
        table.rtl = bool(rtl)
        table.page_height = page_height
        table.warn, table.cut, table.note_rows = writer.warn, shared["cut"], shared["note_rows"]
        table.changed_rows = changed
        return table

    if len(rows) - leading > LONG_TABLE:
        return [RowRun(make, notes, rows, leading, leading)]
    return [make(leading, len(rows))]


LONG_TABLE = 160          # body rows from which a table is made a page at a time (RowRun)


_NOT_OF_CELLS = ("BACKGROUND", "ROWBACKGROUNDS", "COLBACKGROUNDS", "SPAN", "NOSPLIT",
                 "ROUNDEDCORNERS")


def _styles_cells(command) -> bool:
    """Whether table style ``command`` sets the style of each cell it covers (a font,
    a padding, an alignment), which reportlab keeps per cell, not fills, rules or
    spans, which it keeps as commands."""
    from reportlab.platypus.tables import LINECOMMANDS
    return command[0] not in _NOT_OF_CELLS and command[0] not in LINECOMMANDS


def _rows_of(commands: list, leading: int, start: int, end: int) -> list:
    """Return the style ``commands`` of a table of rows 0…``leading`` and
    ``start``…``end`` of the whole, their rows numbered in it; a command of one row
    outside it is left out."""
    out = []
    for command in commands:
        (_, first), (_, last) = command[1], command[2]
        if (first, last) == (0, -1) or first == last and first < leading:
            out.append(command)
        elif first == last and start <= first < end:
            row = first - start + leading
            out.append((command[0], (command[1][0], row), (command[2][0], row)) + command[3:])
    return out


def _recoloured(flowable, colour):
    """Return paragraph ``flowable`` drawn in ``colour``; other flowables as they are."""
    if not isinstance(flowable, Paragraph):
        return flowable
    # a paragraph takes its colour from its style when it parses its text, so it is parsed again
    style = ParagraphStyle(f"{flowable.style.name}-header", parent=flowable.style,
                           textColor=colour, bulletColor=colour)
    return type(flowable)(flowable.text, style, bulletText=flowable.bulletText)
