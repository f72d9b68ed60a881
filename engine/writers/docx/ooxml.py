"""Engine lengths and python-docx objects -> the raw WordprocessingML python-docx lacks."""
from __future__ import annotations

import re

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Emu
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml.etree import SubElement

# Child orders from the ECMA-376 schema. Word rejects a file whose children are out of
# order, and python-docx only knows the positions of the children it has an API for.
PPR_ORDER = """pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr
    suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct
    topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind
    contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment
    textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange""".split()
TBLPR_ORDER = """tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize
    tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption
    tblDescription""".split()
TRPR_ORDER = """cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader
    tblCellSpacing jc hidden ins del trPrChange""".split()
TCPR_ORDER = """cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection
    tcFitText vAlign hideMark headers cellIns cellDel cellMerge tcPrChange""".split()
SETTINGS_ORDER = """writeProtection view zoom removePersonalInformation removeDateAndTime
    doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText
    printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts
    saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges bordersDoNotSurroundHeader
    bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors hideGrammaticalErrors
    activeWritingStyle proofState formsDesign attachedTemplate linkStyles
    stylePaneFormatFilter stylePaneSortMethod documentType mailMerge revisionView
    trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection autoFormatOverride
    styleLockTheme styleLockQFSet defaultTabStop autoHyphenation consecutiveHyphenLimit
    hyphenationZone doNotHyphenateCaps showEnvelope summaryLength clickAndTypeStyle
    defaultTableStyle evenAndOddHeaders bookFoldRevPrinting bookFoldPrinting
    bookFoldPrintingSheets drawingGridHorizontalSpacing drawingGridVerticalSpacing
    displayHorizontalDrawingGridEvery displayVerticalDrawingGridEvery
    doNotUseMarginsForDrawingGridOrigin drawingGridHorizontalOrigin drawingGridVerticalOrigin
    doNotShadeFormData noPunctuationKerning characterSpacingControl printTwoOnOne
    strictFirstAndLastChars noLineBreaksAfter noLineBreaksBefore savePreviewPicture
    doNotValidateAgainstSchema saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText
    doNotDemarcateInvalidXml saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags
    alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat
    docVars rsids mathPr attachedSchema themeFontLang clrSchemeMapping
    doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions
    readModeInkLockDown smartTagType schemaLibrary shapeDefaults doNotEmbedSmartTags
    decimalSymbol listSeparator""".split()
SECTPR_ORDER = """headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc
    pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi
    rtlGutter docGrid printerSettings sectPrChange""".split()
RPR_ORDER = """rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss
    imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight
    u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath""".split()
_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
_W = qn("w:p")[:-1]                       # "{…wordprocessingml/2006/main}"
W_VAL = _W + "val"
_RANKS = {id(order): {name: rank for rank, name in enumerate(order)}
          for order in (PPR_ORDER, TBLPR_ORDER, TRPR_ORDER, TCPR_ORDER, SETTINGS_ORDER,
                        SECTPR_ORDER, RPR_ORDER)}
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def emu(length) -> Emu:
    """Return the engine Length ``length`` as the python-docx length python-docx wants."""
    return Emu(length.emu)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def mark_language(paragraph, tag: str, complex_script: bool = False,
                  east_asian: bool = False) -> None:
    """Say that the runs of ``paragraph`` (a w:p) are in language ``tag`` ("en-GB"), as
    Word's proofing and screen readers read it; the attribute Word reads for Arabic
    is w:bidi, for Chinese w:eastAsia. No ``tag``: the document's language."""
    if not tag:
        return
    attribute = "bidi" if complex_script else "eastAsia" if east_asian else "val"
    for run in paragraph.iter(qn("w:r")):
        properties = run.find(qn("w:rPr"))
        if properties is None:
            properties = OxmlElement("w:rPr")
            run.insert(0, properties)
        child(properties, "lang", RPR_ORDER).set(qn(f"w:{attribute}"), tag)


def child(parent, name: str, order) -> object:
    """Return ``parent``'s child ``w:name``, inserted at its schema position if missing."""
    tag = _W + name
    found = parent.find(tag)
    if found is not None:
        return found
    ranks = _RANKS.get(id(order)) or {local: rank for rank, local in enumerate(order)}
    rank = ranks[name]
    # Made in place, so that it takes the parent's namespace prefix; then moved before
    # the first sibling that comes after it in the schema.
    for existing in parent:
        later = ranks.get(existing.tag[len(_W):]) if existing.tag.startswith(_W) else None
        if later is not None and later > rank:
            element = SubElement(parent, tag)
            existing.addprevious(element)
            return element
    return SubElement(parent, tag)


def properties(element, paragraph: bool = True):
    """Return the w:pPr of a w:p (or the w:rPr of a w:r), made as its first child if missing."""
    tag = _W + ("pPr" if paragraph else "rPr")
    found = element.find(tag)
    if found is None:
        found = SubElement(element, tag)
        element.insert(0, found)
    return found


def on(parent, name: str, order) -> None:
    """Switch on the toggle property ``w:name`` of ``parent`` (a pPr, rPr): ``<w:keepNext/>``."""
    child(parent, name, order).attrib.pop(W_VAL, None)


def new_paragraph(container):
    """Append an empty paragraph to the python-docx ``container`` (the document's body,
    a cell) before its closing section properties, as ``add_paragraph`` does; return it.

    python-docx looks for the closing w:sectPr among every child, each time; it can
    only be the last."""
    parent = container._element
    p = SubElement(parent, _W + "p")
    closing = p.getprevious()
    if closing is not None and closing.tag == _W + "sectPr":
        closing.addprevious(p)
    return Paragraph(p, container)


def indent(paragraph, left, first) -> None:
    """Set the left and first-line indents of ``paragraph`` (Emu values; a negative
    ``first`` hangs) as python-docx's paragraph format writes them, in that order."""
    ind = child(properties(paragraph._p), "ind", PPR_ORDER)
    ind.set(_W + "left", str(Emu(left).twips))
    for side in ("firstLine", "hanging"):
        ind.attrib.pop(_W + side, None)
    if first < 0:
        ind.set(_W + "hanging", str(Emu(-first).twips))
    else:
        ind.set(_W + "firstLine", str(Emu(first).twips))


def tab_stop(paragraph, position, alignment: str = "left") -> None:
    """Add a tab stop at ``position`` (Emu) to ``paragraph``, in position order, as
    python-docx's ``add_tab_stop`` writes it."""
    tabs = child(properties(paragraph._p), "tabs", PPR_ORDER)
    twips = Emu(position).twips
    for tab in tabs:
        if twips < int(tab.get(_W + "pos")):
            new = SubElement(tabs, _W + "tab")
            tab.addprevious(new)
            break
    else:
        new = SubElement(tabs, _W + "tab")
    new.set(_W + "pos", str(twips))
    new.set(_W + "val", alignment)


def _set(element, **attrs) -> None:
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))


def _border(parent, side: str, width, space=None, color: str = "000000") -> None:
    edge = parent.find(qn(f"w:{side}"))
    if edge is None:
        edge = OxmlElement(f"w:{side}")
        # border children also have a fixed order: top, left, bottom, right, inside...
        later = [e for e in parent if _local(e.tag) in _SIDES[_SIDES.index(side) + 1:]]
        if later:
            later[0].addprevious(edge)
        else:
            parent.append(edge)
    if width is None:
        _set(edge, val="nil")
        return
    _set(edge, val="single", sz=width.eighths, space=round(space.pt) if space else 0,
         color=color)


# -- paragraphs and runs -----------------------------------------------------
# ``owner`` is a python-docx proxy with a pPr/rPr: a Paragraph, a Run or a style.

def paragraph_rule(owner, width, space, color: str = "000000") -> None:
    """Draw a rule of ``width`` under the paragraph (or paragraph style) ``owner``."""
    pbdr = child(owner._element.get_or_add_pPr(), "pBdr", PPR_ORDER)
    _border(pbdr, "bottom", width, space, color=color)


def hyphenation(owner, allowed: bool) -> None:
    """Let Word hyphenate ``owner`` or not (w:suppressAutoHyphens)."""
    _set(child(owner._element.get_or_add_pPr(), "suppressAutoHyphens", PPR_ORDER),
         val=0 if allowed else 1)


def outline_level(owner, level: int) -> None:
    """Give ``owner`` the outline level of heading ``level`` (1 = chapter).

    Word counts outline levels from 0, so a chapter is 0: the navigation pane and
    a TOC field updated in Word then nest headings as the contents do.
    """
    _set(child(owner._element.get_or_add_pPr(), "outlineLvl", PPR_ORDER),
         val=max(0, min(level - 1, 8)))


def body_text_level(owner) -> None:
    """Make ``owner`` body text, whatever outline level the style it is built on has."""
    _set(child(owner._element.get_or_add_pPr(), "outlineLvl", PPR_ORDER), val=9)


def frame(owner, left, right, rule, pad) -> None:
    """Box paragraph ``owner`` between indents ``left``/``right``, ``pad`` inside a rule.

    Word and LibreOffice join the borders of neighbouring paragraphs that have the same
    borders and indents into one box.
    """
    p_pr = owner._element.get_or_add_pPr()
    ind = child(p_pr, "ind", PPR_ORDER)
    _set(ind, left=left.twips, right=right.twips)
    pbdr = child(p_pr, "pBdr", PPR_ORDER)
    for side in ("top", "left", "bottom", "right"):
        _border(pbdr, side, rule, pad)


def bookmark(paragraph, name: str, bookmark_id: int) -> None:
    """Mark the whole of ``paragraph`` as bookmark ``name`` (a PAGEREF target)."""
    start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
    _set(start, id=bookmark_id, name=name)
    _set(end, id=bookmark_id)
    p = paragraph._element
    p.insert(1 if p.pPr is not None else 0, start)
    p.append(end)


def set_font(owner, name: str, complex_script: str = "", east_asia: str = "") -> None:
    """Set the script slots of ``owner``'s font, dropping theme fonts: ``name`` for
    Latin text, ``complex_script`` for Arabic and Hebrew, ``east_asia`` for Chinese
    (each ``name`` when not given)."""
    fonts = owner._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    _set(fonts, ascii=name, hAnsi=name, cs=complex_script or name, eastAsia=east_asia or name)


def clear_style(style) -> None:
    """Remove the properties, and the linked character style, a template style brought."""
    for name in ("link", "pPr", "rPr"):
        found = style._element.find(qn(f"w:{name}"))
        if found is not None:
            style._element.remove(found)


def describe_picture(run, text: str) -> None:
    """Give the pictures of ``run`` the alternative text ``text``."""
    for props in run._element.iter(qn("wp:docPr")):
        props.set("descr", text)


def add_field(paragraph, instruction: str, cached: str):
    """Append the complex field ``instruction`` (PAGE, NUMPAGES …) showing ``cached``;
    return the run that shows it."""
    begin_field(paragraph, instruction)
    shown = paragraph.add_run(cached)
    end_field(paragraph)
    return shown


def begin_field(paragraph, instruction: str) -> None:
    """Open the complex field ``instruction`` in ``paragraph``: what follows is its result."""
    _field_char(paragraph, "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    _field_char(paragraph, "separate")


def end_field(paragraph) -> None:
    """Close, in ``paragraph``, the complex field opened last."""
    _field_char(paragraph, "end")


def _field_char(paragraph, kind: str) -> None:
    mark = OxmlElement("w:fldChar")
    _set(mark, fldCharType=kind)
    paragraph.add_run()._r.append(mark)


class RunSink:
    """Where inline content goes: a paragraph, or a hyperlink inside one."""

    def __init__(self, element, paragraph):
        self.element = element
        self.paragraph = paragraph

    @classmethod
    def of(cls, paragraph) -> "RunSink":
        return cls(paragraph._p, paragraph)

    @property
    def part(self):
        return self.paragraph.part

    def add_run(self) -> Run:
        """Append an empty run and return it."""
        return Run(SubElement(self.element, _W + "r"), self.paragraph)

    def add_hyperlink(self, r_id: str = "", anchor: str = "") -> "RunSink":
        """Append a hyperlink to relationship ``r_id`` (a web address), or to bookmark
        ``anchor`` of the document; return a sink inside it."""
        link = OxmlElement("w:hyperlink")
        if anchor:
            _set(link, anchor=anchor)
        else:
            link.set(qn("r:id"), r_id)
        _set(link, history=1)
        self.element.append(link)
        return RunSink(link, self.paragraph)


# -- tables -------------------------------------------------------------------

_RUN_BREAKS = re.compile(r"([\t\r\n])")
_XML_SPACE = qn("xml:space")


def set_text(run, text: str) -> None:
    """Write ``text`` into the new, empty ``run`` as python-docx's ``run.text`` does (a tab
    is a w:tab, a line end a w:br, the rest w:t), a piece at a time instead of a
    character at a time; raise ValueError for a character XML cannot hold."""
    element = run._r
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            element.add_tab()
        elif piece in ("\r", "\n"):
            element.add_br()
        elif piece:
            t = SubElement(element, _W + "t")
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_XML_SPACE, "preserve")


def use_style(item, style) -> None:
    """Give a python-docx paragraph or run ``style`` by its id.

    Assigning the style object makes python-docx look it up among every style of
    the document, each time, and its setter finds the place of the property among
    some thirty possible siblings; the style is the first property of a paragraph
    or a run, and the properties their first child, so both go in first here.
    """
    paragraph = hasattr(item, "_p")
    element = item._p if paragraph else item._r
    if style is None:
        element.style = None
        return
    props = properties(element, paragraph)
    style_tag = _W + ("pStyle" if paragraph else "rStyle")
    mark = props.find(style_tag)
    if mark is None:
        mark = SubElement(props, style_tag)
        props.insert(0, mark)
    mark.set(W_VAL, style.style_id)


def drop_first_paragraph(cell) -> None:
    """Remove the empty paragraph a new cell starts with, when others follow it."""
    paragraphs = cell._tc.findall(qn("w:p"))
    if len(paragraphs) > 1 and not paragraphs[0].findall(qn("w:r")):
        cell._tc.remove(paragraphs[0])


def plain_table(table, width) -> None:
    """Make ``table`` ``width`` wide, borderless, with no cell margins and no indent."""
    tbl_pr = table._tbl.tblPr
    _set(child(tbl_pr, "tblW", TBLPR_ORDER), w=width.twips, type="dxa")
    _set(child(tbl_pr, "tblInd", TBLPR_ORDER), w=0, type="dxa")
    borders = child(tbl_pr, "tblBorders", TBLPR_ORDER)
    for side in _SIDES:
        _border(borders, side, None)
    margins = child(tbl_pr, "tblCellMar", TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right"):
        _set(child(margins, side, ("top", "left", "bottom", "right")), w=0, type="dxa")


def frame_paragraph(paragraph, width) -> None:
    """Set ``paragraph`` in a frame ``width`` wide at the left margin, where it stands:
    the text around it (a header's) takes no account of its height."""
    _set(child(paragraph._p.get_or_add_pPr(), "framePr", PPR_ORDER), w=width.twips, hSpace=0,
         wrap="around", vAnchor="text", hAnchor="margin")


def hairline(paragraph) -> None:
    """Make the empty ``paragraph`` as low as a line can be: one point, of one-point text."""
    p_pr = paragraph._p.get_or_add_pPr()
    _set(child(p_pr, "spacing", PPR_ORDER), before=0, after=0, line=20, lineRule="exact")
    r_pr = child(p_pr, "rPr", PPR_ORDER)
    _set(child(r_pr, "sz", ("rStyle", "rFonts", "b", "i", "sz")), val=2)


def ruled_table(table, width, indent, rule, color: str, padding) -> None:
    """Make ``table`` ``width`` wide at ``indent``, ruled all over, ``padding`` inside cells.

    A ``rule`` of 0 draws no lines; ``color`` is six hex digits.
    """
    tbl_pr = table._tbl.tblPr
    _set(child(tbl_pr, "tblW", TBLPR_ORDER), w=width.twips, type="dxa")
    # In Word's own mode (compatibilityMode 15) tblInd places the table's edge, its
    # border; Word before 2013 put the first cell's text there instead.
    _set(child(tbl_pr, "tblInd", TBLPR_ORDER), w=indent.twips, type="dxa")
    borders = child(tbl_pr, "tblBorders", TBLPR_ORDER)
    for side in _SIDES:
        _border(borders, side, rule if rule.pt > 0 else None, color=color)
    margins = child(tbl_pr, "tblCellMar", TBLPR_ORDER)
    for side in ("top", "left", "bottom", "right"):
        _set(child(margins, side, ("top", "left", "bottom", "right")), w=padding.twips,
             type="dxa")


def row_flags(tr, header: bool, cant_split: bool) -> None:
    """Mark row ``tr`` as a header row (repeated on every page) and as one that never
    breaks."""
    tr_pr = tr.get_or_add_trPr()
    if cant_split:
        child(tr_pr, "cantSplit", TRPR_ORDER)
    if header:
        child(tr_pr, "tblHeader", TRPR_ORDER)


def cell_shading(tc, fill: str) -> None:
    """Fill cell ``tc`` with the colour ``fill`` (six hex digits)."""
    _set(child(tc.get_or_add_tcPr(), "shd", TCPR_ORDER), val="clear", color="auto",
         fill=fill)


def cell_rule(cell, width) -> None:
    """Draw a rule of ``width`` along the bottom of ``cell``."""
    borders = child(cell._tc.get_or_add_tcPr(), "tcBorders", TCPR_ORDER)
    _border(borders, "bottom", width)


# -- pictures -----------------------------------------------------------------
