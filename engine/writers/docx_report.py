"""Report blocks (contents, summary box, figure) -> python-docx paragraphs with tabs and borders."""
from __future__ import annotations

import re

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from docx.shared import Emu
from docx.text.paragraph import Paragraph

from ..errors import RenderError
from ..units import Length
from . import ooxml
from .ooxml import emu

# LAYOUT §5: the summary box is a 0.5pt single rule; the PDF writer uses the same values
BOX_RULE = Length(0.5)
BOX_PAD = Length(6)


def bookmark_name(anchor: str) -> str:
    """Return the Word bookmark that marks the heading ``anchor`` ("h3" -> "_Toc_h3")."""
    # Word: a letter or "_" first, then letters, digits and "_", 40 characters at most
    return ("_Toc_" + re.sub(r"\W", "_", anchor))[:40]


def toc(writer, node) -> None:
    """Write the contents: captions, then one tabbed line per entry with a PAGEREF page."""
    sheet = writer.sheet

    def length(key) -> Length:
        return sheet.length("toc", key)

    heading = writer.paragraph("TocHeading")
    heading.add_run(node.title)
    heading.paragraph_format.keep_with_next = True
    columns = [(label, key) for label, key in ((node.paragraphs_label, "paragraphs-end"),
                                                (node.page_label, "page-end")) if label]
    if columns:
        captions = writer.paragraph("TocCaption")
        captions.alignment = WD_ALIGN_PARAGRAPH.LEFT
        captions.paragraph_format.keep_with_next = True
        for label, key in columns:
            captions.paragraph_format.tab_stops.add_tab_stop(emu(length(key)),
                                                             WD_TAB_ALIGNMENT.RIGHT)
            captions.add_run("\t" + label)
    spec = sheet.style(node.style)
    step = length("level-step")
    title_end = length("page-end") * float(sheet.toc.get("title-width", 0.75))
    pages = writer.options.get("page_numbers") or {}
    for entry in node.entries:
        level = max(entry.level, 1)
        title_x = spec.indent_left + step * (level - 1)
        para = writer.paragraph(node.style)
        para.alignment = WD_ALIGN_PARAGRAPH.LEFT
        fmt = para.paragraph_format
        # every line of the title at title_x; the first line starts at the margin for the number
        fmt.left_indent, fmt.first_line_indent = emu(title_x), emu(-title_x)
        fmt.right_indent = emu(sheet.page.frame_width - title_end)
        stops = fmt.tab_stops
        if level == 1:   # chapter numerals end on a right tab, as in the headings
            stops.add_tab_stop(emu(length("number-end")), WD_TAB_ALIGNMENT.RIGHT)
        else:            # "A.", "1." start one step before their title
            stops.add_tab_stop(emu(title_x - step))
        stops.add_tab_stop(emu(title_x))
        # the leaders and numbers go past the right indent, on the title's last line
        leader_end = "paragraphs-end" if node.paragraphs_label else "page-end"
        stops.add_tab_stop(emu(length(leader_end)), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        if node.paragraphs_label:
            stops.add_tab_stop(emu(length("page-end")), WD_TAB_ALIGNMENT.RIGHT)
        para.add_run("\t" + (entry.number or "") + "\t")
        writer.inline(ooxml.RunSink.of(para), entry.content)
        if node.paragraphs_label:
            para.add_run("\t" + entry.paragraphs)
        para.add_run("\t")
        if entry.anchor:
            # a PAGEREF keeps the page right when Word updates fields; until then it shows
            # the page the PDF layout found, if the caller passed it
            ooxml.add_field(para, f"PAGEREF {bookmark_name(entry.anchor)} \\h",
                            str(pages.get(entry.anchor, "")))


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
                        BOX_RULE, BOX_PAD)


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
        ooxml.frame(holder, column.indent_left, column.indent_right, BOX_RULE, Length(0))
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
