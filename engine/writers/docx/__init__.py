"""The Word writer: the model as a DOCX with real styles, numbering, notes and pages.

``writer`` walks the model; ``page`` sets up sections, running heads and the
masthead; ``notes``, ``numbering``, ``table`` and ``report`` (the contents) write
their parts; ``ooxml`` holds the WordprocessingML python-docx has no API for.
"""
from .writer import DocxWriter

__all__ = ["DocxWriter"]
