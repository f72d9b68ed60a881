"""The order ECMA-376 (Part 1, transitional) gives the children of the WordprocessingML
elements whose order Word enforces, typed from the standard's schema for these tests:
a file whose children stand out of order is one Word calls corrupt."""
import re
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

SEQUENCES = {
    "pPr": """pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr
        suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct
        topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind
        contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment
        textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange""",
    "rPr": """rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss
        imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs
        highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout
        specVanish oMath rPrChange""",
    "sectPr": """headerReference|footerReference footnotePr endnotePr type pgSz pgMar paperSrc
        pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection
        bidi rtlGutter docGrid printerSettings sectPrChange""",
    "tblPr": """tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize
        tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption
        tblDescription tblPrChange""",
    "tcPr": """cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection
        tcFitText vAlign hideMark headers cellIns|cellDel|cellMerge tcPrChange""",
    "style": """name aliases basedOn next link autoRedefine hidden uiPriority semiHidden
        unhideWhenUsed qFormat locked personal personalCompose personalReply rsid pPr rPr
        tblPr trPr tcPr tblStylePr""",
    "lvl": """start numFmt lvlRestart pStyle isLgl suff lvlText lvlPicBulletId legacy lvlJc
        pPr rPr""",
    "abstractNum": "nsid multiLevelType tmpl name styleLink numStyleLink lvl",
    "numbering": "numPicBullet abstractNum num numIdMacAtCleanup",
    "num": "abstractNumId lvlOverride",
    "lvlOverride": "startOverride lvl",
    "footnotePr": "pos numFmt numStart numRestart footnote",
    "settings": """writeProtection view zoom removePersonalInformation removeDateAndTime
        doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText
        printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts
        saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges
        bordersDoNotSurroundHeader bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors
        hideGrammaticalErrors activeWritingStyle proofState formsDesign attachedTemplate
        linkStyles stylePaneFormatFilter stylePaneSortMethod documentType mailMerge
        revisionView trackRevisions doNotTrackMoves doNotTrackFormatting documentProtection
        autoFormatOverride styleLockTheme styleLockQFSet defaultTabStop autoHyphenation
        consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps showEnvelope summaryLength
        clickAndTypeStyle defaultTableStyle evenAndOddHeaders bookFoldRevPrinting
        bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing
        drawingGridVerticalSpacing displayHorizontalDrawingGridEvery
        displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin
        drawingGridHorizontalOrigin drawingGridVerticalOrigin doNotShadeFormData
        noPunctuationKerning characterSpacingControl printTwoOnOne strictFirstAndLastChars
        noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema
        saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml
        saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags
        alwaysMergeEmptyNamespace updateFields hdrShapeDefaults footnotePr endnotePr compat
        docVars rsids mathPr attachedSchema themeFontLang clrSchemeMapping
        doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions
        readModeInkLockDown smartTagType schemaLibrary shapeDefaults doNotEmbedSmartTags
        decimalSymbol listSeparator""",
}
# attributes the schema requires
REQUIRED = {"zoom": ["percent"], "pStyle": ["val"], "rStyle": ["val"], "numId": ["val"],
            "ilvl": ["val"], "outlineLvl": ["val"], "tabs/tab": ["val", "pos"]}


def _ranks(text):
    ranks = {}
    for rank, names in enumerate(text.split()):
        for name in names.split("|"):
            ranks[name] = rank
    return ranks


RANKS = {parent: _ranks(text) for parent, text in SEQUENCES.items()}
# a paragraph mark's run properties (CT_ParaRPr) begin with the mark's own revision
MARK_RANKS = _ranks("ins del moveFrom moveTo " + SEQUENCES["rPr"])
# a row's properties come in any order, then the row's own revision
TRPR_RANKS = _ranks("cnfStyle|divId|gridBefore|gridAfter|wBefore|wAfter|cantSplit|trHeight|"
                    "tblHeader|tblCellSpacing|jc|hidden ins del trPrChange")


def problems(path):
    """Return the elements of the DOCX at ``path`` out of the schema's order, unknown
    where the schema lists every child, or lacking a required attribute."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not re.match(r"word/.*\.xml$", name):
                continue
            root = etree.fromstring(archive.read(name))
            for element in root.iter(f"{{{W}}}*"):
                local = etree.QName(element).localname
                parent = element.getparent()
                key = local if parent is None or local != "tab" else \
                    f"{etree.QName(parent).localname}/{local}"
                for attribute in REQUIRED.get(key, ()):
                    if element.get(f"{{{W}}}{attribute}") is None:
                        found.append(f"{name}: w:{local} without w:{attribute}")
                ranks = TRPR_RANKS if local == "trPr" else RANKS.get(local)
                if ranks is None:
                    continue
                if local == "rPr" and etree.QName(element.getparent()).localname == "pPr":
                    ranks = MARK_RANKS         # a paragraph mark's run properties
                last = -1
                for child in element:
                    if not isinstance(child.tag, str) or not child.tag.startswith(f"{{{W}}}"):
                        continue
                    child_name = etree.QName(child).localname
                    if child_name not in ranks:
                        found.append(f"{name}: w:{child_name} is no child of w:{local}")
                        continue
                    if ranks[child_name] < last:
                        found.append(f"{name}: w:{child_name} out of order in w:{local}")
                    last = max(last, ranks[child_name])
    return found
