"""Report blocks (contents, summary box, figure) -> python-docx paragraphs with tabs and borders."""
from __future__ import annotations

import re

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from docx.shared import Emu
from docx.text.paragraph import Paragraph

from ...errors import RenderError, StyleError
from ...units import Length
from . import ooxml, revisions
from .ooxml import emu

ZERO_WIDTH_SPACE = "\u200b"


def bookmark_name(anchor: str) -> str:
    """Return the Word bookmark that marks the heading ``anchor`` ("h3" -> "_Toc_h3")."""
    # Word: a letter or "_" first, then letters, digits and "_", 40 characters at most
    return ("_Toc_" + re.sub(r"\W", "_", anchor))[:40]


def toc(writer, node) -> None:
    """Write the contents: title, captions, then a borderless table with one row per entry.

    Columns, from the margin: the chapter number (right-aligned at number-end), the
    title with its dot leaders (to leader-end), the paragraph range if the contents
    have that column (right-aligned at paragraphs-end), the page (at page-end). A
    table, not tab stops past the right indent: LibreOffice moves such a tab's text
    onto a line of its own, Word does not.

    The pages are PAGEREF fields to the headings' bookmarks, showing the pages the
    PDF layout found: updating the fields (F9 in Word; LibreOffice on its own) puts
    the pages right in place and keeps the columns. A TOC field around the table
    would be replaced by plain paragraphs when updated, the paragraph column lost,
    and LibreOffice would import the table as a protected index.
    """
    sheet = writer.sheet

    def length(key) -> Length:
        return sheet.length("toc", key)

    heading = writer.paragraph("TocHeading")
    heading.add_run(node.title)
    heading.paragraph_format.keep_with_next = True
    columns = [(label, key) for label, key in ((node.paragraphs_label, "paragraphs-end"),
                                                (node.page_label, "page-end")) if label]

    if columns:
        # right tabs no further than the right margin, which LibreOffice and Word both keep
        captions = writer.paragraph("TocCaption")
        captions.alignment = WD_ALIGN_PARAGRAPH.LEFT
        captions.paragraph_format.keep_with_next = True
        for label, key in columns:
            captions.paragraph_format.tab_stops.add_tab_stop(emu(length(key)),
                                                             WD_TAB_ALIGNMENT.RIGHT)
            captions.add_run("\t" + label)
    if not node.entries:
        return
    spec = sheet.style(node.style)
    # a sheet whose titles start at the margin has no column for chapter numbers
    numbered = Length(0) < spec.indent_left
    edges = ([Length(0)] if numbered else []) + [spec.indent_left, length("leader-end")]
    if node.paragraphs_label:
        edges.append(length("paragraphs-end"))
    edges.append(length("page-end"))
    widths = [right - left for left, right in zip(edges, edges[1:])]
    if any(not Length(0) < width for width in widths):
        raise StyleError(f"{sheet.source}: toc: the title indent ({spec.indent_left.pt:g}pt), "
                         "leader-end, paragraphs-end and page-end must grow from left to right")
    table = writer.doc.add_table(rows=len(node.entries), cols=len(widths))
    table.autofit = False
    ooxml.plain_table(table, edges[-1])
    for column, width in zip(table.columns, widths):
        column.width = emu(width)
    for entry, row in zip(node.entries, table.rows):
        ooxml.row_flags(row._tr, header=False, cant_split=True)
        cells = row.cells
        for cell, width in zip(cells, widths):
            cell.width = emu(width)
        if numbered:
            _toc_number(writer, cells[0], entry, spec, length("number-end"))
        title = int(numbered)
        title_end = length("page-end") * float(sheet.toc.get("title-width", 0.75))
        _toc_title(writer, cells[title], entry, spec, length("level-step"), widths[title],
                   title_end - spec.indent_left, numbered)
        figures = [entry.paragraphs] if node.paragraphs_label else []
        for cell, text in zip(cells[title + 1:], figures + [None]):
            # the range and the page stand on the title's last line, as in the PDF
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
            para = _toc_paragraph(writer, cell, spec, WD_ALIGN_PARAGRAPH.RIGHT)
            if text is not None:
                writer._counted(para, text, entry.paragraphs_was)
            elif entry.anchor:
                # a PAGEREF keeps the page right when Word updates fields; until then it
                # shows the page the PDF layout found, if the caller passed it
                if entry.page_was is not None:
                    revisions.track(para.add_run(entry.page_was)._r, "deleted")
                first = len(para._p)
                # the page is filled in once the layout has found it (writer.finish)
                writer.page_fields.append((ooxml.add_field(
                    para, f"PAGEREF {bookmark_name(entry.anchor)} \\h", ""), entry.anchor))
                if entry.page_was is not None:
                    for run in list(para._p)[first:]:
                        revisions.track(run, "inserted")
            elif entry.page:
                para.add_run(entry.page)          # an entry deleted: the old page
        if entry.change:
            revisions.whole_row(row._tr, entry.change)


def _toc_paragraph(writer, cell, spec, align):
    """Return the cell's paragraph in the contents style, its indents cleared for the cell."""
    para = cell.paragraphs[0]
    ooxml.use_style(para, writer.styles[spec.name])
    para.alignment = align
    fmt = para.paragraph_format
    fmt.left_indent = fmt.first_line_indent = fmt.right_indent = Emu(0)
    return para


def _toc_number(writer, cell, entry, spec, number_end) -> None:
    """Put a chapter number in the first column, right-aligned at ``number_end``."""
    para = _toc_paragraph(writer, cell, spec, WD_ALIGN_PARAGRAPH.RIGHT)
    para.paragraph_format.right_indent = emu(max(spec.indent_left - number_end, Length(0)))
    if (entry.number or entry.number_was) and entry.level <= 1:
        writer._counted(para, entry.number or "", entry.number_was)


def _toc_title(writer, cell, entry, spec, step, width, title_end, numbered=True) -> None:
    """Write the title, "A." hanging one step before it, and leaders to the cell's edge.

    Without a number column (``numbered`` false) a chapter number hangs too, at the
    cell's edge, and its title starts one step in.
    """
    para = _toc_paragraph(writer, cell, spec, WD_ALIGN_PARAGRAPH.LEFT)
    fmt = para.paragraph_format
    level = max(entry.level, 1)
    hangs = bool(entry.number) and (level > 1 or not numbered)
    indent = max(step * (level - 1), step if hangs else Length(0))
    fmt.left_indent = emu(indent)
    # the title wraps at title_end; the leader tab beyond it stays inside the cell
    fmt.right_indent = emu(max(width - title_end, Length(0)))
    if hangs:
        fmt.first_line_indent = emu(-step)
        fmt.tab_stops.add_tab_stop(emu(indent))
        writer._counted(para, entry.number, entry.number_was, after="\t")
    fmt.tab_stops.add_tab_stop(emu(width), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    writer.inline(ooxml.RunSink.of(para), entry.content)
    # LibreOffice draws no leader for a tab that ends a paragraph in a table cell;
    # a zero-width space after it makes the tab lead somewhere, and shows nothing
    para.add_run("\t" + ZERO_WIDTH_SPACE)


def box(writer, node) -> None:
    """Write the box's title and blocks, then frame every paragraph of it as one box."""
    body = writer.doc.element.body
    first = len(body) - 1                      # the section properties stay last
    if node.title:
        writer.paragraph(node.style).add_run(node.title)
    for block in node.blocks:
        writer.visit(block)
    column = writer.sheet.style("SingleTxt")
    for element in list(body)[first:-1]:
        if element.tag.endswith("}p"):
            ooxml.frame(Paragraph(element, None), column.indent_left, column.indent_right,
                        writer.sheet.length("box", "rule"), writer.sheet.length("box", "padding"))


def figure(writer, node) -> None:
    """Write label, title, the picture (or an empty frame) and the note, kept together."""
    paras = []
    if node.label:
        label = writer.paragraph("FigureTitle")
        label.add_run(node.label).font.bold = False
        paras.append(label)
    title = writer.paragraph("FigureTitle")
    title.add_run(node.title)
    paras.append(title)
    column = writer.sheet.style("SingleTxt")
    width = writer.sheet.page.frame_width - column.indent_left - column.indent_right
    height = node.height if isinstance(node.height, Length) else Length(200)
    holder = writer.paragraph(None)
    fmt = holder.paragraph_format
    fmt.left_indent, fmt.right_indent = emu(column.indent_left), emu(column.indent_right)
    fmt.space_before = fmt.space_after = Emu(0)
    paras.append(holder)
    image = _image(writer, node)
    if image is not None:
        holder.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE    # an exact line would clip it
        scale = min(width.pt / image.px_width, height.pt / image.px_height)
        holder.add_run().add_picture(node.image, width=emu(Length(image.px_width * scale)),
                                     height=emu(Length(image.px_height * scale)))
    else:
        fmt.line_spacing = emu(height)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        ooxml.frame(holder, column.indent_left, column.indent_right,
                    writer.sheet.length("box", "rule"), Length(0))
    if node.note:
        note = writer.paragraph("FigureNote")
        writer.inline(ooxml.RunSink.of(note), node.note)
        paras.append(note)
    for para in paras[:-1]:
        para.paragraph_format.keep_with_next = True


def _image(writer, node):
    if not node.image:
        return None
    try:
        return Image.from_file(node.image)
    except FileNotFoundError:
        writer.warn("figure-image-missing", f"figure {node.title!r}: no image file "
                    f"{node.image}; an empty frame stands in for it")
        return None
    except UnrecognizedImageError:
        raise RenderError(f"figure {node.title!r}: {node.image} is not an image Word can "
                          "show; use PNG, JPEG, GIF, BMP or TIFF") from None
