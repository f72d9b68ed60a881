"""What makes a PDF fit to archive (PDF/A-2b), added to reportlab's file as it is saved.

PDF/A-2b asks for XMP metadata that says what the document information says,
an output intent naming the colour space the pages are meant in (sRGB), every
font embedded, and annotations that print. Where a font cannot be embedded (a
built-in font reportlab only names), the file is still written, its metadata
claiming no conformance; ``require`` makes that an error instead.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib

from ...errors import RenderError
from ...kept import remembered
from ...xmltext import escape
from .. import bidi

_PRINT = 4                       # annotation flag: printed with the page


def unembedded_fonts(canv) -> list:
    """Return the names of the fonts the pages use that the file does not embed."""
    from reportlab.pdfbase import pdfmetrics, ttfonts
    names = []
    for name in sorted(canv._doc.fontMapping):
        if not isinstance(pdfmetrics.getFont(name), ttfonts.TTFont):
            names.append(name)
    return names


def finish(canv, created: dt.datetime, language: str, require: bool = False) -> bool:
    """Give the document being saved on ``canv`` its XMP metadata and sRGB output
    intent; return whether it claims PDF/A-2b (every font embedded)."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
    missing = unembedded_fonts(canv)
    if missing and require:
        raise RenderError(f"the PDF cannot be PDF/A: {', '.join(missing)} "
                          f"{'is' if len(missing) == 1 else 'are'} built into PDF readers and "
                          "cannot be embedded; install a font that covers the text (see "
                          "\"Fonts\" in the README), or leave out --pdfa")
    doc = canv._doc
    metadata = _PlainStream(PDFDictionary({"Type": PDFName("Metadata"),
                                           "Subtype": PDFName("XML")}),
                            _xmp(doc.info, created, language, archival=not missing)
                            .encode("utf-8"))
    doc.Catalog.Metadata = doc.Reference(metadata)
    profile = PDFStream(PDFDictionary({"N": 3}), srgb_profile())
    intent = PDFDictionary({"Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFA1"),
                            "OutputConditionIdentifier": PDFString("sRGB IEC61966-2.1"),
                            "Info": PDFString("sRGB IEC61966-2.1"),
                            "DestOutputProfile": doc.Reference(profile)})
    catalog = doc.Catalog
    catalog.OutputIntents = PDFArray([intent])
    if "OutputIntents" not in catalog.__NoDefault__:
        # reportlab writes the catalog entries it lists; this one it does not know
        catalog.__NoDefault__ = list(catalog.__NoDefault__) + ["OutputIntents"]
    return not missing


def _xmp(info, created: dt.datetime, language: str, archival: bool) -> str:
    """Return the XMP packet saying what the document information ``info`` says."""
    when = created.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = lambda value: escape(str(value or ""))
    conformance = ("<pdfaid:part>2</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>"
                   if archival else "")
    language_entry = (f"<dc:language><rdf:Bag><rdf:li>{text(language)}</rdf:li></rdf:Bag>"
                      "</dc:language>" if language else "")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about=""'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        ' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">'
        "<dc:format>application/pdf</dc:format>"
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text(info.title)}</rdf:li>'
        "</rdf:Alt></dc:title>"
        f"<dc:creator><rdf:Seq><rdf:li>{text(info.author)}</rdf:li></rdf:Seq></dc:creator>"
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text(info.subject)}'
        "</rdf:li></rdf:Alt></dc:description>"
        f"{language_entry}"
        f"<xmp:CreateDate>{when}</xmp:CreateDate><xmp:ModifyDate>{when}</xmp:ModifyDate>"
        f"<xmp:MetadataDate>{when}</xmp:MetadataDate>"
        f"<xmp:CreatorTool>{text(info.creator)}</xmp:CreatorTool>"
        f"<pdf:Producer>{text(info.producer)}</pdf:Producer>"
        f"<pdf:Keywords>{text(info.keywords)}</pdf:Keywords>"
        f"{conformance}"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>')


def _plain_stream_class():
    from reportlab.pdfbase import pdfdoc

    class PlainStream(pdfdoc.PDFStream):
        """A stream written as it is, with no Filter key (the XMP packet, as PDF/A asks)."""

        def format(self, document):
            dictionary = pdfdoc.PDFDictionary(self.dictionary.dict.copy())
            content = document.encrypt.encode(self.content)
            dictionary["Length"] = len(content)
            return (pdfdoc.format(dictionary, document) + b"\nstream\n"
                    + pdfdoc.format(content, document) + b"endstream\n")
    return PlainStream


def _PlainStream(*args):
    return _plain_stream_class()(*args)


@remembered("pillow")
def srgb_profile() -> bytes:
    """Return an sRGB ICC profile (littlecms's, through Pillow), dated 2000-01-01 so
    that equal input keeps equal bytes; kept between runs, Pillow is not imported
    for it again."""
    from PIL import ImageCms
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    # the header's creation time: year, month, day, hours, minutes, seconds
    data[24:36] = b"".join(n.to_bytes(2, "big") for n in (2000, 1, 1, 0, 0, 0))
    return bytes(data)


def subset_tag(n: int) -> bytes:
    """Return the six-letter tag of subset ``n`` of the font reportlab is writing:
    drawn from the font's name, so that no two fonts of a file share one."""
    font = bidi.writing_font()
    if font is None:
        return _ORIGINAL_TAG[0](n)
    name = f"{font.face.name!r}{getattr(font.face, 'subfontNameX', b'')!r}{n}".encode()
    digest = hashlib.sha256(name).digest()
    return bytes(65 + b % 26 for b in digest[:6])


_ORIGINAL_TAG = []


def install() -> None:
    """Let reportlab tag each font's subsets with letters of its own."""
    from reportlab.pdfbase import ttfonts
    if ttfonts.SUBSETN is not subset_tag:
        _ORIGINAL_TAG[:] = [ttfonts.SUBSETN]
        ttfonts.SUBSETN = subset_tag


@contextlib.contextmanager
def printable_annotations():
    """Give every annotation written meanwhile the print flag, as PDF/A asks."""
    from reportlab.pdfbase import pdfdoc
    from reportlab.pdfgen import canvas
    kept, kept_add = pdfdoc.Annotation.defaults, canvas.Canvas._addAnnotation

    def add(self, annotation, *args, **kwargs):
        # a web link is a plain dictionary, not an Annotation object
        if isinstance(annotation, pdfdoc.PDFDictionary) and "F" not in annotation.dict:
            annotation["F"] = _PRINT
        return kept_add(self, annotation, *args, **kwargs)
    pdfdoc.Annotation.defaults = list(kept) + [("F", _PRINT)]
    canvas.Canvas._addAnnotation = add
    try:
        yield
    finally:
        pdfdoc.Annotation.defaults = kept
        canvas.Canvas._addAnnotation = kept_add
