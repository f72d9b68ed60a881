"""Read a PDF back and list every character it draws without a glyph.

Independent of the writer: each string the page content shows is decoded by
the font it is shown in, and looked up in that font's own data -- the embedded
TrueType file (a code must reach a glyph other than .notdef, with an outline
unless it is a space), the Adobe-GB1 collection for the Chinese CID font (the
character must be in GBK, which that collection covers), the standard
encoding for the built-in Type 1 fonts.
"""
from __future__ import annotations

import io
import re
import unicodedata

from fontTools.ttLib import TTFont
from pypdf import PdfReader
from pypdf.generic import ContentStream

_SHOW = {b"Tj", b"TJ", b"'", b'"'}


class _Font:
    def __init__(self, font):
        self.name = str(font.get("/BaseFont"))
        self.kind = str(font.get("/Subtype"))
        self.tt = None
        descriptor = font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else None
        if descriptor is not None and "/FontFile2" in descriptor:
            self.tt = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            self.cmap = {}
            for table in self.tt["cmap"].tables:
                for code, glyph in table.cmap.items():
                    self.cmap.setdefault(code, glyph)
            self.text = _to_unicode(font.get("/ToUnicode"))

    def missing(self, data: bytes) -> list:
        """Return a description of each code of ``data`` this font has no glyph for."""
        out = []
        if self.tt is not None:
            glyf = self.tt["glyf"]
            for code in data:
                glyph = self.cmap.get(code)
                text = self.text.get(code, "")
                if glyph is None or glyph == ".notdef":
                    out.append(f"{self.name}: {text!r} (code {code}) has no glyph")
                elif glyf[glyph].numberOfContours == 0 and not all(
                        unicodedata.category(c) in ("Zs", "Cf", "Cc") for c in text):
                    out.append(f"{self.name}: {text!r} (code {code}) is drawn empty")
        elif self.kind == "/Type0":
            text = data.decode("utf-16-be", errors="replace")
            for char in text:
                if char == "\ufffd" or not _in_gbk(char):
                    out.append(f"{self.name}: {char!r} (U+{ord(char):04X}) is not in Adobe-GB1")
        else:
            for code in data:
                if code < 0x20 or bytes([code]).decode("cp1252", errors="replace") == "\ufffd":
                    out.append(f"{self.name}: code {code} is not in the standard encoding")
        return out


def _to_unicode(stream) -> dict:
    """Return the code -> text map of a ToUnicode CMap (bfchar and bfrange entries)."""
    if stream is None:
        return {}
    data = stream.get_object().get_data().decode("latin-1")
    out = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            out[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be", errors="replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for first, last, text in re.findall(
                r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            base = int(text, 16)
            for offset, code in enumerate(range(int(first, 16), int(last, 16) + 1)):
                out[code] = chr(base + offset)
    return out


def _in_gbk(char: str) -> bool:
    try:
        char.encode("gbk")
        return True
    except UnicodeEncodeError:
        return False


def missing_glyphs(path) -> list:
    """Return, for the PDF at ``path``, every shown character that has no glyph."""
    reader = PdfReader(str(path))
    problems = []
    for number, page in enumerate(reader.pages, 1):
        problems += [f"page {number}: {p}" for p in _scan(page, page.get("/Resources"), reader)]
    return problems


def _scan(owner, resources, reader) -> list:
    resources = resources.get_object() if resources is not None else {}
    fonts = {name: _Font(font.get_object())
             for name, font in (resources.get("/Font") or {}).items()}
    contents = owner.get_contents() if hasattr(owner, "get_contents") else owner
    if contents is None:
        return []
    problems = []
    font = None
    for operands, operator in ContentStream(contents, reader).operations:
        if operator == b"Tf":
            font = fonts.get(operands[0])
        elif operator in _SHOW and font is not None:
            strings = operands[0] if operator == b"TJ" else operands[-1:]
            for item in strings:
                if hasattr(item, "original_bytes"):
                    problems += font.missing(item.original_bytes)
        elif operator == b"Do":
            xobject = (resources.get("/XObject") or {}).get(operands[0])
            xobject = xobject.get_object() if xobject is not None else None
            if xobject is not None and xobject.get("/Subtype") == "/Form":
                problems += _scan(xobject, xobject.get("/Resources"), reader)
    return problems
