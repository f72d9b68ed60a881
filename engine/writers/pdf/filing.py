"""Writing the PDF file: the same bytes as reportlab's, in less of the build's time.

Every name, number and reference of the file is encoded through reportlab's own
PDFDocEncoding codec, a Python function called through the codec machinery:
some 23,000 calls for an 80-page report. That encoding is ASCII's for every
ASCII character but 0x18-0x1F (which it cannot encode), so ASCII text without
those is encoded as ASCII, at a third of the cost; the rest goes through the
codec as before.

Each page's content stream is compressed on a thread of its own as soon as the
page is done (``compressing_pages``), while the layout goes on.
"""
from __future__ import annotations

import contextlib
import os
import queue
import re
import threading
import zlib

_UNMAPPED = re.compile("[\x18-\x1f]")      # ASCII that PDFDocEncoding has no code for


def install() -> None:
    """Let reportlab encode plain ASCII as ASCII as it writes a file."""
    from reportlab.pdfbase import pdfdoc
    _install_page_compression(pdfdoc)
    if getattr(pdfdoc.pdfdocEnc, "palais", False):
        return
    encode = pdfdoc.pdfdocEnc

    def pdf_doc_encoded(text):
        if type(text) is str and text.isascii() and _UNMAPPED.search(text) is None:
            return text.encode("ascii")
        return encode(text)
    pdf_doc_encoded.palais = True
    pdfdoc.pdfdocEnc = pdf_doc_encoded


# -- page streams compressed while the layout goes on ---------------------------------

_ACTIVE = threading.local()          # the PageCompressor of the build this thread runs


class PageCompressor:
    """Compresses each page's content stream on a thread of its own as soon as the
    page is done, while the layout goes on with the next: zlib lets go of the
    interpreter as it compresses, so on a second core this takes none of the
    build's time. The file then holds the very bytes reportlab's own compression
    makes at the end (the same function, on the same bytes), and a stream whose
    compressed form is not ready, or was never asked for, is compressed there as
    before."""

    def __init__(self):
        self._ready = {}                 # id(stream text) -> (the text, its bytes)
        self._given = set()              # id(stream text) of each text given
        self._waiting = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._work, name="palais-pages", daemon=True)
        self._thread.start()

    def add(self, text: str) -> None:
        self._given.add(id(text))
        self._waiting.put(text)

    def _work(self) -> None:
        try:
            while True:
                text = self._waiting.get()
                if text is None:
                    return
                self._ready[id(text)] = text, zlib.compress(text.encode("utf8"))
        except Exception:          # out of memory, say: the rest is compressed as before
            return

    def take(self, text):
        """Return the compressed bytes of ``text`` made on the thread, or None (it was
        not given, or could not be compressed there). The file is written once the
        layout is done: the thread is then given no more, and asked to end."""
        if id(text) not in self._given:
            return None
        self.finish()
        kept = self._ready.pop(id(text), None)
        return kept[1] if kept is not None and kept[0] is text else None

    def finish(self) -> None:
        """Let the thread compress what it was given, and end."""
        if self._thread.is_alive():
            self._waiting.put(None)
            self._thread.join()

    def close(self) -> None:
        self.finish()
        self._ready.clear()
        self._given.clear()


@contextlib.contextmanager
def compressing_pages():
    """Within the block (one build, in this thread), compress each page's stream as
    the page ends, on a second core (``PageCompressor``); on one core, as before."""
    if _cores() < 2:
        yield None
        return
    kept = getattr(_ACTIVE, "pages", None)
    compressor = _ACTIVE.pages = PageCompressor()
    try:
        yield compressor
    finally:
        compressor.close()
        _ACTIVE.pages = kept


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _install_page_compression(pdfdoc) -> None:
    if getattr(pdfdoc.PDFPage.setStream, "palais", False):
        return
    set_stream, encode = pdfdoc.PDFPage.setStream, pdfdoc.PDFStreamFilterZCompress.encode

    def setStream(self, code):
        set_stream(self, code)
        compressor = getattr(_ACTIVE, "pages", None)
        if compressor is not None and self.compression and type(self.stream) is str:
            from reportlab import rl_config
            if not rl_config.useA85:     # else the stream is compressed, then encoded
                compressor.add(self.stream)

    def compressed(self, text):
        compressor = getattr(_ACTIVE, "pages", None)
        if compressor is not None and type(text) is str:
            done = compressor.take(text)
            if done is not None:
                return done
        return encode(self, text)

    setStream.palais = compressed.palais = True
    pdfdoc.PDFPage.setStream = setStream
    pdfdoc.PDFStreamFilterZCompress.encode = compressed
