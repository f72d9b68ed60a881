"""Engine lengths and python-docx objects -> the raw WordprocessingML python-docx lacks."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.parts.story import StoryPart
from docx.shared import Emu
from docx.text.paragraph import Paragraph
from docx.text.run import Run

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
_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def emu(length) -> Emu:
    """Return the engine Length ``length`` as the python-docx length python-docx wants."""
    return Emu(length.emu)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def child(parent, name: str, order) -> object:
    """Return ``parent``'s child ``w:name``, inserted at its schema position if missing."""
    found = parent.find(qn(f"w:{name}"))
    if found is not None:
        return found
    element = OxmlElement(f"w:{name}")
    rank = order.index(name)
    for index, existing in enumerate(parent):
        local = _local(existing.tag)
        if local in order and order.index(local) > rank:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


def _set(element, **attrs) -> None:
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))


def _border(parent, side: str, width, space=None) -> None:
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
         color="000000")


# -- paragraphs and runs -----------------------------------------------------
# ``owner`` is a python-docx proxy with a pPr/rPr: a Paragraph, a Run or a style.

def paragraph_rule(owner, width, space) -> None:
    """Draw a rule of ``width`` under the paragraph (or paragraph style) ``owner``."""
    pbdr = child(owner._element.get_or_add_pPr(), "pBdr", PPR_ORDER)
    _border(pbdr, "bottom", width, space)


def hyphenation(owner, allowed: bool) -> None:
    """Let Word hyphenate ``owner`` or not (w:suppressAutoHyphens)."""
    _set(child(owner._element.get_or_add_pPr(), "suppressAutoHyphens", PPR_ORDER),
         val=0 if allowed else 1)


def outline_level(owner, level: int) -> None:
    """Give ``owner`` an outline level, so the navigation pane and a TOC field see it."""
    _set(child(owner._element.get_or_add_pPr(), "outlineLvl", PPR_ORDER),
         val=max(0, min(level, 8)))


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


def set_font(owner, name: str) -> None:
    """Set every script slot of ``owner``'s font to ``name``, dropping theme fonts."""
    fonts = owner._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    _set(fonts, ascii=name, hAnsi=name, cs=name, eastAsia=name)


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


def add_field(paragraph, instruction: str, cached: str) -> None:
    """Append the complex field ``instruction`` (PAGE, NUMPAGES …) showing ``cached``."""
    def char(kind):
        mark = OxmlElement("w:fldChar")
        _set(mark, fldCharType=kind)
        paragraph.add_run()._r.append(mark)

    char("begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    paragraph.add_run()._r.append(code)
    char("separate")
    paragraph.add_run(cached)
    char("end")


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
        run = OxmlElement("w:r")
        self.element.append(run)
        return Run(run, self.paragraph)

    def add_hyperlink(self, r_id: str) -> "RunSink":
        """Append a hyperlink to relationship ``r_id``; return a sink inside it."""
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), r_id)
        _set(link, history=1)
        self.element.append(link)
        return RunSink(link, self.paragraph)


# -- tables -------------------------------------------------------------------

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


def cell_rule(cell, width) -> None:
    """Draw a rule of ``width`` along the bottom of ``cell``."""
    borders = child(cell._tc.get_or_add_tcPr(), "tcBorders", TCPR_ORDER)
    _border(borders, "bottom", width)


# -- footnotes ---------------------------------------------------------------

class FootnotesPart(StoryPart):
    """The ``word/footnotes.xml`` part: the two separators, then one w:footnote per note."""

    @classmethod
    def new(cls, package) -> "FootnotesPart":
        """Return an empty footnotes part of ``package``."""
        root = OxmlElement("w:footnotes")
        return cls(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, root, package)

    @classmethod
    def attach(cls, document) -> "FootnotesPart":
        """Create the footnotes part of python-docx ``document`` and relate it."""
        part = cls.new(document.part.package)
        document.part.relate_to(part, RT.FOOTNOTES)
        return part

    def add_note(self, note_id: int, kind: str = "") -> Paragraph:
        """Append footnote ``note_id`` (of type ``kind`` for separators); return its paragraph."""
        note = OxmlElement("w:footnote")
        if kind:
            _set(note, type=kind)
        _set(note, id=note_id)
        paragraph = OxmlElement("w:p")
        note.append(paragraph)
        self._element.append(note)
        return Paragraph(paragraph, self)


def add_special_char(run, name: str) -> None:
    """Append the empty element ``w:name`` (separator, footnoteRef …) to ``run``."""
    run._r.append(OxmlElement(f"w:{name}"))


def add_note_reference(run, note_id: int, custom_mark: str = "") -> None:
    """Make ``run`` call footnote ``note_id``; a custom mark follows as literal text."""
    ref = OxmlElement("w:footnoteReference")
    if custom_mark:
        # customMarkFollows: the note takes no number, the text after it is the mark
        _set(ref, customMarkFollows=1)
    _set(ref, id=note_id)
    run._r.append(ref)
    if custom_mark:
        text = OxmlElement("w:t")
        text.text = custom_mark
        run._r.append(text)


def footnote_settings(settings, separators=(-1, 0)) -> None:
    """Number footnotes 1, 2 … through the document and name the separator notes."""
    props = child(settings, "footnotePr", SETTINGS_ORDER)
    for old in list(props):
        props.remove(old)
    for name, value in (("numFmt", "decimal"), ("numStart", 1), ("numRestart", "continuous")):
        element = OxmlElement(f"w:{name}")
        _set(element, val=value)
        props.append(element)
    for note_id in separators:
        element = OxmlElement("w:footnote")
        _set(element, id=note_id)
        props.append(element)


# -- document-wide ------------------------------------------------------------

def set_flag(settings, name: str) -> None:
    """Turn on the document setting ``w:name`` (autoHyphenation …)."""
    child(settings, name, SETTINGS_ORDER)


def keep_short_lines(settings) -> None:
    """Keep Word from stretching a justified line that ends in a line break."""
    compat = child(settings, "compat", SETTINGS_ORDER)
    if compat.find(qn("w:doNotExpandShiftReturn")) is None:
        # it comes before every other compat child the template has
        compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


def doc_defaults(styles, font: str, size, lang: str) -> None:
    """Set the document default font, size and language; no space after, single lines."""
    defaults = styles.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = r_pr.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    _set(fonts, ascii=font, hAnsi=font, cs=font, eastAsia=font)
    for name in ("sz", "szCs"):
        _set(r_pr.find(qn(f"w:{name}")), val=round(size.pt * 2))
    _set(r_pr.find(qn("w:lang")), val=lang)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    _set(spacing, after=0, line=240, lineRule="auto")


def drop_template_extras(document) -> None:
    """Drop the template's thumbnail and stylesWithEffects, which would show stale content."""
    package = document.part.package
    for owner, reltype in ((package, RT.THUMBNAIL), (document.part, STYLES_WITH_EFFECTS)):
        for r_id, rel in list(owner.rels.items()):
            if rel.reltype == reltype:
                del owner.rels[r_id]


def reproducible_zip(data: bytes) -> bytes:
    """Rewrite the zip ``data`` with fixed dates and a fixed entry order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    # [Content_Types].xml first: some readers sniff the first entry
    names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(name))
    return out.getvalue()


# -- pictures -----------------------------------------------------------------

def code39_png(text: str, narrow_px: int, wide_px: int, height_px: int,
               dots_per_inch: float) -> tuple[bytes, int]:
    """Return a 1-bit PNG of ``text`` in Code 39 and its width in pixels; raise ValueError."""
    from reportlab.graphics.barcode.code39 import Standard39

    value = text.strip("*")
    code = Standard39(value, checksum=0, stop=1, quiet=0)
    code.validate()
    if not code.valid or not value:
        raise ValueError(f"{text!r} cannot be written in Code 39")
    code.encode()
    bits = []
    # decompose() spells the symbol: b/B narrow/wide bar, s/S and i narrow/wide space
    for element in code.decompose():
        width = wide_px if element in "BS" else narrow_px
        bits.extend([0 if element in "bB" else 1] * width)
    row = bytearray([0])                        # filter type 0 before each row
    for start in range(0, len(bits), 8):
        byte = bits[start:start + 8] + [1] * (8 - len(bits[start:start + 8]))
        row.append(int("".join(map(str, byte)), 2))
    return _png(len(bits), height_px, bytes(row) * height_px, dots_per_inch), len(bits)


def _png(width: int, height: int, raw: bytes, dots_per_inch: float) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    per_metre = round(dots_per_inch / 0.0254)
    return b"".join((
        b"\x89PNG\r\n\x1a\n",
        chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)),
        chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        chunk(b"IDAT", zlib.compress(raw, 9)),
        chunk(b"IEND", b""),
    ))
