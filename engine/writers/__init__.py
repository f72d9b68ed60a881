"""Writers: model tree + resolved style sheet -> DOCX, PDF or HTML bytes, one class per format."""
from __future__ import annotations

import datetime as dt
import os

import importlib

from ..errors import UnknownFormatError, UsageError

EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


class Writer:
    """Base of every writer. Subclasses set ``name``/``format`` and define ``render``.

    ``render(document)`` returns the file's bytes; the caller writes them, so that
    nothing reaches the output folder when a writer fails halfway.
    """

    name = ""
    format = ""

    def __init__(self, sheet, options=None):
        self.sheet = sheet
        self.options = dict(options or {})
        self.warnings = []

    def render(self, document) -> bytes:  # pragma: no cover - abstract
        raise NotImplementedError

    def warn(self, code: str, message: str) -> None:
        """Record a cosmetic problem; the command line prints it (``--strict`` fails)."""
        self.warnings.append((code, message))


def build_time(date: str = "") -> dt.datetime:
    """Return the time the outputs record as their creation: $SOURCE_DATE_EPOCH, else
    the document's ``date`` (ISO) at midnight UTC, else 2000-01-01 UTC.

    A time taken from the input keeps equal input to equal bytes; SOURCE_DATE_EPOCH
    is the reproducible-builds convention for choosing it (reportlab reads it too).
    """
    text = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if text:
        try:
            return dt.datetime.fromtimestamp(int(text), dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise UsageError(f"SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01, "
                             f"got {text!r}") from None
    if date:
        try:
            return dt.datetime.combine(dt.date.fromisoformat(date), dt.time(),
                                       dt.timezone.utc)
        except ValueError:
            pass
    return EPOCH


def get_writer(fmt: str):
    """Return the writer class for ``fmt``; raise UnknownFormatError listing the known ones.

    A writer's module is imported when its format is first asked for, so that a
    DOCX run never loads reportlab and a PDF run never loads python-docx.
    """
    try:
        module, name = WRITERS[fmt]
    except KeyError:
        raise UnknownFormatError(
            f"unknown format {fmt!r}; known formats: {', '.join(sorted(WRITERS))}") from None
    return getattr(importlib.import_module(module, __name__), name)


# The registry: a new output format is a Writer subclass in a module of this
# package, named here by format.
WRITERS = {"docx": (".docx", "DocxWriter"), "pdf": (".pdf", "PdfWriter"),
           "html": (".html", "HtmlWriter")}
