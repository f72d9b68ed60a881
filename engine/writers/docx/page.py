"""Page geometry, page styles, running heads, page-1 footer, masthead -> python-docx sections."""
from __future__ import annotations

import io
import re
from dataclasses import replace

from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.shared import Emu, RGBColor

from ...errors import RenderError, StyleError
from ...model import PAGE_STYLES, Masthead
from ...units import Length
from ...words import is_rtl
from .. import images
from ..bidi import first_strong_rtl
from . import ooxml, parts, revisions
from .ooxml import emu

_ZERO = Length(0)


def set_up_pages(writer, document) -> str:
    """Give the first Word section the sheet's page and the matter of its page style.

    Return the page style of page 1: that of the first section with blocks.
    """
    page, section = writer.sheet.page, writer.doc.sections[0]
    section.page_width, section.page_height = emu(page.width), emu(page.height)
    section.top_margin, section.bottom_margin = emu(page.margin_top), emu(page.margin_bottom)
    section.left_margin, section.right_margin = emu(page.margin_left), emu(page.margin_right)
    section.header_distance = emu(page.header_distance)
    section.footer_distance = emu(page.footer_distance)
    section.gutter = Emu(0)
    style = next((s.page_style for s in document.sections if s.blocks), "")
    masthead = style == "" and writer.sheet.running_matter().first_page == "masthead" \
        and any(isinstance(b, Masthead) for b in document.blocks())
    section.different_first_page_header_footer = masthead or style == "cover"
    writer.doc.settings.odd_and_even_pages_header_footer = page.odd_even
    writer.head_top = None
    if masthead:
        section.first_page_header.is_linked_to_previous = False   # page 1: no running head
        _first_footer(writer, section.first_page_footer, document.meta)
        if "page-top" in writer.sheet.masthead:
            # Page 1's header holds the masthead, from page-top down: headers start
            # there. The running heads of the other pages keep their place by as
            # much space above them, in a frame, so that their headers take no
            # height and the text below starts at the top margin in Word and
            # LibreOffice alike.
            top = writer.sheet.length("masthead", "page-top")
            section.header_distance = emu(top)
            writer.head_top = page.header_distance - top

    _page_matter(writer, section, style, document.meta, linked=False)
    return style


def start_section(writer, style: str, odd: bool, previous: str, meta) -> None:
    """Begin a Word section on a new page, or on the next odd one, in page style ``style``.

    Headers and footers stay linked to the previous section's when both have the
    same running matter.
    """
    section = parts.section_break(writer.doc, WD_SECTION.ODD_PAGE if odd else WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = style == "cover"
    linked = (style == "") == (previous == "")
    _page_matter(writer, section, style, meta, linked)


def _page_matter(writer, section, style: str, meta, linked: bool) -> None:
    """Fill the headers and footers of ``section`` for page style ``style`` unless ``linked``."""
    if style not in PAGE_STYLES:
        raise RenderError(f"the Word writer knows no page style {style!r}; "
                          f"known: {', '.join(repr(s) for s in PAGE_STYLES)}")
    odd_even = writer.sheet.page.odd_even
    if style == "cover":
        # the band floats in the first-page header, behind the cover's text
        _cover_band(writer, section.first_page_header)
        section.first_page_footer.is_linked_to_previous = False
    if linked:
        return
    if style:
        # no running matter: stories of their own, left empty; with odd-even set,
        # versos would otherwise show the previous section's even stories
        for story in ((section.header, section.footer) + ((section.even_page_header,
                      section.even_page_footer) if odd_even else ())):
            story.is_linked_to_previous = False
        return
    running = writer.sheet.running_matter()
    text = running.header(meta)
    _running_head(writer, section.header, text, WD_ALIGN_PARAGRAPH.RIGHT)
    _running_foot(writer, section.footer, meta, odd=True)
    if odd_even:
        _running_head(writer, section.even_page_header, text, WD_ALIGN_PARAGRAPH.LEFT)
        _running_foot(writer, section.even_page_footer, meta, odd=False)


def _cover_band(writer, header) -> None:
    """Float the cover band of the sheet's ``cover`` group across the page, from band-top."""
    sheet = writer.sheet
    header.is_linked_to_previous = False
    height = sheet.length("cover", "band-height")
    if not _ZERO < height:
        return
    colour = str(sheet.cover.get("band-color", ""))
    try:
        png = images.solid_png(colour)
    except ValueError:
        raise StyleError(f"{sheet.source}: cover.band-color: expected six hex digits in quotes, "
                         f"such as \"0033A0\", got {colour!r}") from None
    run = header.paragraphs[0].add_run()
    run.add_picture(io.BytesIO(png), width=emu(sheet.page.width), height=emu(height))
    ooxml.describe_picture(run, "cover band")
    parts.float_behind(run, _ZERO, sheet.length("cover", "band-top"))


def _running(writer, key: str, default: str = "") -> str:
    value = writer.sheet.running.get(key, default)
    if not value:
        raise StyleError(f"{writer.sheet.source}: running.{key} is not set")
    return value


def _style(writer, name: str):
    return writer.styles[writer.sheet.style(name).name]


def _running_head(writer, header, text: str, align) -> None:
    """Put ``text`` at the outer margin over a rule; an empty ``text`` leaves both out."""
    # unlinked first: the paragraphs of a linked header are the previous section's
    header.is_linked_to_previous = False
    if not text:
        return
    para = header.paragraphs[0]
    ooxml.use_style(para, _style(writer, _running(writer, "header-style")))
    para.alignment = align
    if writer.head_top is not None:
        # LibreOffice sets a header's frame at the header's top, whatever its offset:
        # the space above the text is inside the frame, in both.
        ooxml.frame_paragraph(para, writer.sheet.page.frame_width)
        para.paragraph_format.space_before = emu(writer.head_top)
    para.add_run(text)
    rule = writer.sheet.length("running", "header-rule")
    if _ZERO < rule:
        # the rule 1pt under the line box: with the line's descent, ≈4pt under the baseline
        ooxml.paragraph_rule(para, rule, Length(1))


def _running_foot(writer, footer, meta, odd: bool) -> None:
    """Put the page number at the outer margin or the centre, the job number at the inner one."""
    running = writer.sheet.running_matter()
    footer.is_linked_to_previous = False
    para = footer.paragraphs[0]
    number_style = writer.sheet.style(_running(writer, "page-number-style"))
    ooxml.use_style(para, writer.styles[number_style.name])
    frame = writer.sheet.page.frame_width
    stops = para.paragraph_format.tab_stops
    if running.position == "center":
        stops.add_tab_stop(emu(frame * 0.5), WD_TAB_ALIGNMENT.CENTER)
        order = ("job", "tab", "number") if odd else ("tab", "number", "tab", "job")
    else:
        order = ("job", "tab", "number") if odd else ("number", "tab", "job")
    stops.add_tab_stop(emu(frame), WD_TAB_ALIGNMENT.RIGHT)
    job = meta.job_number if running.job_number else ""
    for part in order:
        if part == "job" and job:
            like(writer, para.add_run(job), writer.sheet.style(_running(writer, "job-style")),
                 number_style)
        elif part == "tab":
            para.add_run("\t")
        elif part == "number":
            # In a right-to-left paragraph LibreOffice treats the fields as neutral
            # and shows "2/20" as "20/2"; left-to-right marks around it hold the order.
            mark = "\u200e" if is_rtl(meta.language) else ""
            if mark:
                para.add_run(mark)
            for piece in re.split(r"(\{page\}|\{pages\})", running.page_number):
                if piece in ("{page}", "{pages}"):
                    ooxml.add_field(para, "PAGE" if piece == "{page}" else "NUMPAGES", "1")
                elif piece:
                    para.add_run(piece)
            if mark:
                para.add_run(mark)


def _first_footer(writer, footer, meta) -> None:
    """Put the job line, the barcode and the recycling note in the page-1 footer."""
    style = writer.sheet.style(_running(writer, "first-footer-style"))
    # The job line, barcode and recycling note are set from the left in every language.
    rtl = is_rtl(meta.language)
    para = footer.paragraphs[0]
    ooxml.use_style(para, writer.styles[style.name])
    if rtl:
        parts.left_to_right(para)
    if meta.job_line:
        para.add_run(meta.job_line)
    if not (meta.barcode or meta.recycle):
        return
    para = footer.add_paragraph()
    ooxml.use_style(para, writer.styles[style.name])
    if rtl:
        parts.left_to_right(para)
    fmt = para.paragraph_format
    # an exact line would clip the picture
    fmt.line_spacing = emu(style.leading)
    fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    fmt.tab_stops.add_tab_stop(emu(writer.sheet.page.frame_width), WD_TAB_ALIGNMENT.RIGHT)
    if meta.barcode:
        _barcode(writer, para, meta.barcode)
    if meta.recycle:
        para.add_run("\t")
        recycle = writer.sheet.style(_running(writer, "recycle-style", "JobSmall"))
        like(writer, para.add_run(meta.recycle), recycle, style)


def _barcode(writer, para, text: str) -> None:
    height = writer.sheet.length("running", "barcode-height")
    bar = writer.sheet.length("running", "barcode-bar-width")
    ratio = float(writer.sheet.running.get("barcode-ratio", 3))
    narrow_px = 4
    dots_per_inch = 72 * narrow_px / bar.pt
    try:
        png, width_px = images.code39_png(text, narrow_px, round(ratio * narrow_px),
                                         max(1, round(height.pt * dots_per_inch / 72)),
                                         dots_per_inch)
    except ValueError as exc:
        writer.warn("barcode-font", f"{exc}; the barcode is set as text in 'Free 3 of 9'")
        run = para.add_run(text)
        ooxml.set_font(run, "Free 3 of 9")
        run.font.size = emu(height)
        return
    run = para.add_run()
    run.add_picture(io.BytesIO(png), width=emu(bar * (width_px / narrow_px)),
                    height=emu(height))
    ooxml.describe_picture(run, f"Code 39 barcode {text}")


def like(writer, run, style, paragraph_style) -> None:
    """Format ``run`` like paragraph style ``style``, in a paragraph of ``paragraph_style``."""
    ooxml.set_font(run, *writer.font_slots(style.font))
    run.font.size = emu(style.size)
    run.font.bold = style.bold
    run.font.italic = style.italic
    if style.color != paragraph_style.color:
        run.font.color.rgb = RGBColor.from_string(style.color)


def masthead_table(writer, node) -> None:
    """Append the page-1 masthead: a borderless 3-column table with two rules (LAYOUT §2)."""
    sheet = writer.sheet

    def length(key):
        return sheet.length("masthead", key)

    frame = sheet.page.frame_width
    widths = [length("col1-width"), length("col2-width")]
    widths.append(frame - widths[0] - widths[1])
    if not _ZERO < widths[2]:
        raise StyleError(f"{sheet.source}: masthead.col1-width + col2-width leave no room "
                         f"for the third column in a {frame.pt:g}pt frame")
    header = writer.doc.sections[0].first_page_header if "page-top" in sheet.masthead \
        else None
    # The sheet measures the masthead from the page's top edge, above the top
    # margin: it goes in page 1's header, which starts there (see set_up_pages),
    # and the text of page 1 starts under it, as in the PDF.
    table = _plain_table(writer, 2, widths, header)
    heights = [length("row1-height"), length("row2-height")]
    for row, height, rule, valign in (
            (table.rows[0], heights[0], "thin-rule", WD_CELL_VERTICAL_ALIGNMENT.BOTTOM),
            (table.rows[1], heights[1], "thick-rule", WD_CELL_VERTICAL_ALIGNMENT.TOP)):
        row.height = emu(max(height, _ZERO))
        row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        for cell in row.cells:
            cell.vertical_alignment = valign
            ooxml.cell_rule(cell, length(rule))
    was = dict(node.was)          # in a comparison: the old words of changed fields
    org = _cell_text(writer, table.cell(0, 1), "MastOrg", [node.org], [was.get("org")])[0]
    symbol = _cell_text(writer, table.cell(0, 2), "MastInfo", [""])[0]
    symbol.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    symbol.paragraph_format.line_spacing = emu(length("symbol-leading"))
    # the series letters ("A") are set large, the rest ("/68/999") small, on one baseline
    versions = [(node, "")]
    if "symbol" in was:
        versions = [(replace(node, symbol=was["symbol"]), "deleted"), (node, "inserted")]
    for version, change in versions:
        for text, series in version.symbol_parts():
            run = symbol.add_run(text)
            run.font.size = emu(length("symbol-letter-size" if series else "symbol-size"))
            if change:
                revisions.track(run._r, change)
    old_organs = list(was.get("organs", node.organs))
    organs = _cell_text(writer, table.cell(1, 1), "MastOrgan", list(node.organs),
                        [old_organs[i] if i < len(old_organs) and "organs" in was else None
                         for i in range(len(node.organs))])
    fields = ("distribution", "date", "language", "original")
    info = _cell_text(writer, table.cell(1, 2), "MastInfo",
                      [getattr(node, name) for name in fields], [was.get(name) for name in fields])
    if "row1-baseline" in sheet.masthead:
        # Row 1 sits on the thin rule: its baselines row1-baseline above it; the line
        # box ends about 0.08 L under its baseline [E, as below]. LibreOffice lifts a
        # bottom-aligned cell's text by twice its space after, Word by once: half
        # the gap leaves both within 2pt of the PDF.
        for paragraph, name in ((org, "MastOrg"), (symbol, None)):
            leading = sheet.style(name).leading if name else length("symbol-leading")
            after = (length("row1-baseline") - leading * 0.08) * 0.5
            if _ZERO < after:
                paragraph.paragraph_format.space_after = emu(after)
    if "row2-baseline" in sheet.masthead:
        # Row 2's first baselines stand row2-baseline under the thin rule, as in the
        # PDF. Word and LibreOffice set the baseline of a line of exact height L
        # about 0.92 L below its top [E: measured in LibreOffice 7.4, within 1pt].
        for paragraphs, name in ((organs, "MastOrgan"), (info, "MastInfo")):
            before = length("row2-baseline") - sheet.style(name).leading * 0.92
            if paragraphs and _ZERO < before:
                paragraphs[0].paragraph_format.space_before = emu(before)


def agenda_columns(writer) -> tuple:
    """Append a borderless table for a joint document's agenda block; return its two cells.

    The first is as wide as the agenda block at the margin; the second starts at the
    masthead's third column, where the PDF sets the second organ's lines.
    """
    sheet = writer.sheet
    frame = sheet.page.frame_width
    agenda = sheet.length("masthead", "agenda-width")
    third = sheet.length("masthead", "col1-width") + sheet.length("masthead", "col2-width")
    widths = [agenda, third - agenda, frame - third]
    if not (_ZERO < widths[1] and _ZERO < widths[2]):
        raise StyleError(f"{sheet.source}: masthead.agenda-width must end before the third "
                         "column (col1-width + col2-width) for a joint document's agenda")
    table = _plain_table(writer, 1, widths)
    return table.cell(0, 0), table.cell(0, 2)


def _plain_table(writer, rows: int, widths: list, header=None):
    """Append a borderless table of ``rows`` rows across the frame, columns ``widths``
    wide, to the body or to the top of ``header``."""
    if header is None:
        table = writer.doc.add_table(rows=rows, cols=len(widths))
    else:
        table = header.add_table(rows, len(widths), emu(writer.sheet.page.frame_width))
        # first in the header; the paragraph a header must end with takes no room
        header._element.insert(0, table._tbl)
        ooxml.hairline(header.paragraphs[-1])
    table.autofit = False
    ooxml.plain_table(table, writer.sheet.page.frame_width)
    for column, width in zip(table.columns, widths):
        column.width = emu(width)
        for cell in column.cells:
            cell.width = emu(width)
    return table


def _cell_text(writer, cell, style_name: str, lines, was=None) -> list:
    """Write ``lines`` into ``cell``, a paragraph each; ``was``: in a comparison, each
    line's old words where they changed (None where not)."""
    style = _style(writer, style_name)
    paras = [cell.paragraphs[0]] + [cell.add_paragraph() for _ in lines[1:]]
    rtl = is_rtl(writer._meta.language)
    for para, text, old in zip(paras, lines, was or [None] * len(lines)):
        ooxml.use_style(para, style)
        if old is not None and old != text:
            if old:
                revisions.track(para.add_run(old)._r, "deleted")
            if text:
                revisions.track(para.add_run(text)._r, "inserted")
        elif text:
            para.add_run(text)
        if rtl and text and not first_strong_rtl(text):
            # the English distribution block of an Arabic masthead reads from the left
            parts.left_to_right(para)
    return paras
