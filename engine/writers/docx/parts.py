"""The parts and settings of a Word file python-docx has no API for: the footnotes
part, section breaks, floating pictures, document settings and properties, the
right-to-left pass, and the reproducible zip."""
from __future__ import annotations

import io
import zipfile

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PACKAGE_URI, PackURI
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.parts.story import StoryPart
from docx.section import Section
from docx.text.paragraph import Paragraph

from .ooxml import (PPR_ORDER, RPR_ORDER, SECTPR_ORDER, SETTINGS_ORDER, STYLES_WITH_EFFECTS,
                    TBLPR_ORDER, _set, child)


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


# -- sections and floating pictures -------------------------------------------

def section_break(document, start_type) -> Section:
    """End the current Word section at the last paragraph; return the new last section.

    The new section starts as ``start_type`` says (WD_SECTION.NEW_PAGE, ODD_PAGE),
    keeps the page geometry and links every header and footer to the previous one.
    """
    body = document.element.body
    sentinel = body.get_or_add_sectPr()
    last = sentinel.getprevious()
    # Word ends a section with the paragraph that holds its w:sectPr, as python-docx's
    # add_section does with a new empty paragraph; reusing the last paragraph adds no
    # line that could spill onto a page of its own. Not one where a field ends (the
    # contents): LibreOffice then drops the PAGE fields of the section's footers.
    if last is None or last.tag != qn("w:p") or last.find(qn("w:pPr") + "/" + qn("w:sectPr")) \
            is not None or last.find(".//" + qn("w:fldChar")) is not None:
        last = body.add_p()
    last.set_sectPr(sentinel.clone())
    for ref in sentinel.xpath("w:headerReference|w:footerReference"):
        sentinel.remove(ref)
    sentinel.start_type = start_type
    return Section(sentinel, document.part)


def float_behind(run, left, top) -> None:
    """Turn the inline picture of ``run`` into one placed ``left``/``top`` from the page corner.

    The picture floats behind the text and takes no room, so the text around it
    lies where it would without it.
    """
    inline = run._element.find(f".//{qn('wp:inline')}")
    anchor = OxmlElement("wp:anchor")
    for name, value in (("distT", 0), ("distB", 0), ("distL", 0), ("distR", 0),
                        ("simplePos", 0), ("relativeHeight", 0), ("behindDoc", 1),
                        ("locked", 1), ("layoutInCell", 1), ("allowOverlap", 1)):
        anchor.set(name, str(value))
    simple = OxmlElement("wp:simplePos")
    simple.set("x", "0")
    simple.set("y", "0")
    anchor.append(simple)
    for axis, offset in (("H", left), ("V", top)):
        position = OxmlElement(f"wp:position{axis}")
        position.set("relativeFrom", "page")
        value = OxmlElement("wp:posOffset")
        value.text = str(offset.emu)
        position.append(value)
        anchor.append(position)
    anchor.append(inline.find(qn("wp:extent")))
    extent = OxmlElement("wp:effectExtent")
    for side in "ltrb":
        extent.set(side, "0")
    anchor.append(extent)
    anchor.append(OxmlElement("wp:wrapNone"))
    for name in ("wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"):
        anchor.append(inline.find(qn(name)))
    inline.getparent().replace(inline, anchor)


# -- document-wide ------------------------------------------------------------


def set_flag(settings, name: str) -> None:
    """Turn on the document setting ``w:name`` (autoHyphenation …)."""
    child(settings, name, SETTINGS_ORDER)


def set_value(settings, name: str, value) -> None:
    """Give the document setting ``w:name`` the value ``value``."""
    _set(child(settings, name, SETTINGS_ORDER), val=value)


def keep_short_lines(settings) -> None:
    """Keep Word from stretching a justified line that ends in a line break."""
    compat = child(settings, "compat", SETTINGS_ORDER)
    if compat.find(qn("w:doNotExpandShiftReturn")) is None:
        # it comes before every other compat child the template has
        compat.insert(0, OxmlElement("w:doNotExpandShiftReturn"))


def modern_settings(settings) -> None:
    """Open in Word's own mode (compatibility 15, Word 2013 and later) at 100 %."""
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    zoom = child(settings, "zoom", SETTINGS_ORDER)
    zoom.set(qn("w:percent"), "100")


_APP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def app_properties(document, counts: dict, pages, company: str) -> None:
    """Replace the template's docProps/app.xml: Palais as the application, the real
    counts of words, characters and paragraphs, and the pages when a layout knows them."""
    from lxml import etree

    from ... import __version__
    root = etree.Element(f"{{{_APP}}}Properties", nsmap={None: _APP})
    fields = [("Template", "Normal.dotm"), ("TotalTime", "0")]
    if pages:
        fields.append(("Pages", str(pages)))
    fields += [("Words", str(counts["words"])), ("Characters", str(counts["characters"])),
               ("Application", f"Palais {__version__}"), ("DocSecurity", "0"),
               ("Paragraphs", str(counts["paragraphs"])), ("ScaleCrop", "false"),
               ("Company", company), ("LinksUpToDate", "false"),
               ("CharactersWithSpaces", str(counts["characters_with_spaces"])),
               ("SharedDoc", "false"), ("HyperlinksChanged", "false")]
    for name, value in fields:
        etree.SubElement(root, f"{{{_APP}}}{name}").text = value
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = app_part(document)
    if part is not None:
        part._blob = blob


def app_part(document):
    """Return the part of python-docx ``document`` holding the application's
    properties (docProps/app.xml), or None."""
    for rel in document.part.package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            return rel.target_part
    return None


def doc_defaults(styles, font: str, size, lang: str, complex_script: str = "",
                 east_asia: str = "", bidi_lang: str = "", east_asia_lang: str = "",
                 right_to_left: bool = False) -> None:
    """Set the document default fonts, size and languages; no space after, single lines.

    ``bidi_lang`` and ``east_asia_lang`` name the language of Arabic and of Chinese
    text; ``right_to_left`` lays every paragraph out from the right.
    """
    defaults = styles.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = r_pr.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    _set(fonts, ascii=font, hAnsi=font, cs=complex_script or font, eastAsia=east_asia or font)
    for name in ("sz", "szCs"):
        _set(r_pr.find(qn(f"w:{name}")), val=round(size.pt * 2))
    language = r_pr.find(qn("w:lang"))
    _set(language, val=lang)
    if bidi_lang:
        _set(language, bidi=bidi_lang)
    if east_asia_lang:
        _set(language, eastAsia=east_asia_lang)
    p_pr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    _set(p_pr.find(qn("w:spacing")), after=0, line=240, lineRule="auto")
    if right_to_left:
        child(p_pr, "bidi", PPR_ORDER)


def complex_script_twins(root) -> None:
    """Give every bold, italic and size of ``root``'s run properties its complex-script
    twin (w:bCs, w:iCs, w:szCs), which Word applies to Arabic and Hebrew text."""
    for r_pr in root.iter(qn("w:rPr")):
        for name, twin in (("b", "bCs"), ("i", "iCs"), ("sz", "szCs")):
            found = r_pr.find(qn(f"w:{name}"))
            if found is not None and r_pr.find(qn(f"w:{twin}")) is None:
                copy = child(r_pr, twin, RPR_ORDER)
                for key, value in found.attrib.items():
                    copy.set(key, value)


def right_to_left_runs(root, segments) -> None:
    """Mark the right-to-left text of ``root``'s runs with w:rtl, cutting a run of mixed
    text into runs of one direction each; ``segments(text)`` returns (text, rtl) pairs."""
    import copy
    for run in list(root.iter(qn("w:r"))):
        texts = run.findall(qn("w:t"))
        if len(texts) != 1 or len(run) > 2 or not texts[0].text:
            if len(texts) == 1 and texts[0].text and any(rtl for _, rtl in
                                                         segments(texts[0].text)):
                _rtl(run)                 # a run that holds a break or a tab as well
            continue
        parts = segments(texts[0].text)
        if not any(rtl for _, rtl in parts):
            continue
        previous, pristine = run, copy.deepcopy(run)
        for index, (text, rtl) in enumerate(parts):
            piece = run if index == 0 else copy.deepcopy(pristine)
            piece.find(qn("w:t")).text = text
            piece.find(qn("w:t")).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            if rtl:
                _rtl(piece)
            if index:
                previous.addnext(piece)
                previous = piece


def _rtl(run) -> None:
    r_pr = run.find(qn("w:rPr"))
    if r_pr is None:
        r_pr = OxmlElement("w:rPr")
        run.insert(0, r_pr)
    child(r_pr, "rtl", RPR_ORDER)


def right_to_left_layout(root) -> None:
    """Lay ``root``'s tables and sections out from the right: w:bidiVisual, w:bidi."""
    for tbl_pr in root.iter(qn("w:tblPr")):
        child(tbl_pr, "bidiVisual", TBLPR_ORDER)
    for sect_pr in root.iter(qn("w:sectPr")):
        child(sect_pr, "bidi", SECTPR_ORDER)


def left_to_right(paragraph) -> None:
    """Lay ``paragraph`` out from the left in a right-to-left document."""
    p_pr = paragraph._p.get_or_add_pPr()
    _set(child(p_pr, "bidi", PPR_ORDER), val=0)


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
    return _zip({name: source.read(name) for name in source.namelist()})


def _zip(members: dict) -> bytes:
    """Return the zip of ``members`` (name -> bytes), each with a fixed date, in a
    fixed order."""
    # [Content_Types].xml first: some readers sniff the first entry
    names = sorted(members, key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, members[name])
    return out.getvalue()


def _types_writer():
    """Return python-docx's writer of ``[Content_Types].xml`` (given a writer of
    members and the parts), or None where it has none by that name."""
    try:
        from docx.opc.pkgwriter import PackageWriter
        return PackageWriter._write_content_types_stream
    except (ImportError, AttributeError):
        return None


class _Members(dict):
    """What python-docx's package writer writes, as zip member name -> bytes."""

    def write(self, uri, blob) -> None:
        self[uri.membername] = blob


def part_blobs(document, changing=()) -> dict:
    """Return the bytes of each part of python-docx ``document`` but the ``changing``
    ones (part -> bytes), to write the file with later if the parts do not change."""
    return {part: part.blob for part in document.part.package.iter_parts()
            if part not in changing}


def package_bytes(document, kept=None) -> bytes:
    """Return the reproducible zip of python-docx ``document``, as ``document.save``
    then ``reproducible_zip`` make it, in one pass; ``kept`` holds the bytes of parts
    made earlier (``part_blobs``), written as they are.

    Where python-docx's package writer is not as this expects, the file is saved
    and zipped again."""
    kept = kept or {}
    package = document.part.package
    write_types = _types_writer()
    if write_types is None:
        out = io.BytesIO()
        document.save(out)
        return reproducible_zip(out.getvalue())
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    members = _Members()
    write_types(members, parts)
    members.write(PACKAGE_URI.rels_uri, package.rels.xml)
    for part in parts:
        members.write(part.partname, kept[part] if part in kept else part.blob)
        if len(part.rels):
            members.write(part.partname.rels_uri, part.rels.xml)
    return _zip(members)
