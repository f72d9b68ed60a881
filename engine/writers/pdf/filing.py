"""Writing the PDF file: the same bytes as reportlab's, in less of the build's time.

Every name, number and reference of the file is encoded through reportlab's own
PDFDocEncoding codec, a Python function called through the codec machinery:
some 23,000 calls for an 80-page report. That encoding is ASCII's for every
ASCII character but 0x18-0x1F (which it cannot encode), so ASCII text without
those is encoded as ASCII, at a third of the cost; the rest goes through the
codec as before.
"""
from __future__ import annotations

import re

_UNMAPPED = re.compile("[\x18-\x1f]")      # ASCII that PDFDocEncoding has no code for


def install() -> None:
    """Let reportlab encode plain ASCII as ASCII as it writes a file."""
    from reportlab.pdfbase import pdfdoc
    if getattr(pdfdoc.pdfdocEnc, "palais", False):
        return
    encode = pdfdoc.pdfdocEnc

    def pdf_doc_encoded(text):
        if type(text) is str and text.isascii() and _UNMAPPED.search(text) is None:
            return text.encode("ascii")
        return encode(text)
    pdf_doc_encoded.palais = True
    pdfdoc.pdfdocEnc = pdf_doc_encoded
