"""Model tables + the sheet's table looks -> Word tables with a fixed grid and repeating headers."""
from __future__ import annotations

from docx.oxml.ns import qn
from docx.shared import Emu, RGBColor
from docx.table import _Cell
from docx.text.run import Run

from ...errors import RenderError
from ...units import Length
from . import ooxml, revisions
from .ooxml import emu


def table(writer, node) -> None:
    """Append Table ``node``: fixed column widths, ruled cells, header rows that repeat.

    Every row is kept on one page (cantSplit); the leading header rows carry
    tblHeader, so Word repeats them at the top of every page the table runs onto.
    Cell blocks go through the writer's own block and inline code, so a note
    called in a cell is a real footnote.
    """
    look = writer.sheet.table(node.style)
    if writer._break_before:
        writer._break_paragraph()
    body = writer.doc.element.body
    if len(body) > 1 and body[-2].tag == qn("w:tbl"):
        # Word draws two tables with nothing between them as one
        writer.doc.add_paragraph()
    widths = column_widths(writer.sheet.page.frame_width - look.indent_left, node.widths)
    grid = writer.doc.add_table(rows=len(node.rows), cols=len(widths))
    grid.autofit = False
    ooxml.ruled_table(grid, sum(widths, Length(0)), look.indent_left, look.rule,
                      look.rule_color, look.padding)
    for column, width in zip(grid.columns, widths):
        column.width = emu(width)
    leading = True
    tbl = grid._tbl
    for row_node, tr in zip(node.rows, tbl.tr_lst):
        leading = leading and row_node.header
        ooxml.row_flags(tr, header=leading, cant_split=True)
        tcs = tr.tc_lst
        first = 0
        for cell_node in row_node.cells:
            # The cell takes the place of the fresh, empty cells it spans: each has a
            # width of its own (tcW) and an empty paragraph, nothing else.
            tc = tcs[first]
            for spanned in tcs[first + 1:first + cell_node.span]:
                tr.remove(spanned)
            _shape(tc, sum(widths[first:first + cell_node.span], Length(0)), cell_node.span)
            first += cell_node.span
            if row_node.header and look.header_fill:
                ooxml.cell_shading(tc, look.header_fill)
            cell = _Cell(tc, grid)
            _fill(writer, cell, cell_node.blocks)
            if row_node.header and look.header_text:
                colour = RGBColor.from_string(look.header_text)
                for run in tc.iter(qn("w:r")):
                    Run(run, cell).font.color.rgb = colour
        if row_node.change:
            revisions.whole_row(tr, row_node.change)


def _shape(tc, width: Length, span: int) -> None:
    """Give the fresh cell ``tc`` its ``width``, its ``span`` of grid columns and its
    top alignment: the properties python-docx's merge, width and vertical alignment
    would write, made directly (through python-docx, each looked over the whole row)."""
    tc_pr = tc.tcPr
    tc_pr.tcW.set(qn("w:w"), str(Emu(emu(width)).twips))
    if span > 1:
        ooxml.child(tc_pr, "gridSpan", ooxml.TCPR_ORDER).set(qn("w:val"), str(span))
    ooxml.child(tc_pr, "vAlign", ooxml.TCPR_ORDER).set(qn("w:val"), "top")


def column_widths(width: Length, shares) -> list:
    """Return ``width`` cut in proportion to ``shares``, in whole twips that add up to it."""
    total = sum(shares)
    if not shares or total <= 0:
        raise RenderError(f"a table needs positive column widths, got {tuple(shares)!r}")
    # rounding the running sum, not each column, keeps the columns summing to the width
    edges = [0]
    running = 0.0
    for share in shares:
        running += share
        edges.append(round(width.twips * running / total))
    return [Length((right - left) / 20) for left, right in zip(edges, edges[1:])]


def _fill(writer, cell, blocks) -> None:
    """Write ``blocks`` with the writer's block code, then move what they made into ``cell``."""
    body = writer.doc.element.body
    start = len(body) - 1                     # the section properties stay last
    for block in blocks:
        writer.visit(block)
    made = body[start:-1]                     # a slice: not a copy of the whole body
    if not made:
        return                                # the cell keeps its empty paragraph
    tc = cell._tc
    for old in tc.findall(qn("w:p")):
        tc.remove(old)
    for element in made:
        tc.append(element)
